package com.buythatlook.cli.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.buythatlook.core.testing.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The delivery rules on SQS's real API (moto_server), and the same rules on {@link LocalQueue},
 * which stands in for SQS in {@code btl serve}: the same test passes on both.
 */
class DeliveryIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  /** template.yaml's retries, batch size and maxReceiveCount; a visibility timeout a test waits. */
  private static final DeliveryRules RULES =
      DeliveryRules.ofTemplate().withVisibilityTimeout(Duration.ofSeconds(1));

  @TempDir Path dir;

  private SqsEventSource.Queue queue(String kind) throws Exception {
    if (kind.equals("sqs")) {
      return SqsQueue.create(
          MOTO.sqs(), "delivery-" + ThreadLocalRandom.current().nextInt(1 << 30), RULES);
    }
    return LocalQueue.open(dir, RULES, Clock.systemUTC());
  }

  private static void send(SqsEventSource.Queue q, String body) {
    if (q instanceof SqsQueue s) {
      s.send(body);
    } else {
      ((LocalQueue) q).send(body);
    }
  }

  private static int size(SqsEventSource.Queue q) {
    return q instanceof SqsQueue s ? s.size() : ((LocalQueue) q).size();
  }

  /** Polls until a batch arrives (a failed message waits out the visibility timeout). */
  private static SqsEventSource.Batch pollUntilDelivered(SqsEventSource source) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      SqsEventSource.Batch b = source.poll(Duration.ofSeconds(1));
      if (b != null) {
        return b;
      }
    }
    throw new AssertionError("nothing delivered in 10 s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqs", "local"})
  void onlyTheReportedFailuresComeBackAfterTheVisibilityTimeout(String kind) throws Exception {
    SqsEventSource.Queue q = queue(kind);
    for (int i = 0; i < 3; i++) {
      send(q, "{\"lookId\":\"look-000" + i + "\"}");
    }
    List<SQSEvent> seen = Collections.synchronizedList(new ArrayList<>());
    SqsEventSource source =
        new SqsEventSource(
            q,
            "arn:aws:sqs:us-east-1:123456789012:q",
            "us-east-1",
            RULES,
            (event, context) -> {
              seen.add(event);
              String failed =
                  event.getRecords().stream()
                      .filter(r -> r.getBody().contains("look-0001"))
                      .findFirst()
                      .orElseThrow()
                      .getMessageId();
              return new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(failed)));
            },
            () -> null,
            Duration.ofSeconds(5));

    SqsEventSource.Batch first = source.poll(Duration.ofSeconds(1));

    assertThat(first.messages()).hasSize(3);
    assertThat(first.failed()).hasSize(1);
    SQSEvent.SQSMessage m = seen.get(0).getRecords().get(0);
    assertThat(m.getEventSource()).isEqualTo("aws:sqs");
    assertThat(m.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:q");
    assertThat(m.getMd5OfBody()).hasSize(32);
    assertThat(m.getAttributes())
        .containsEntry("ApproximateReceiveCount", "1")
        .containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp");
    assertThat(size(q)).as("the reported failure stays, the others are deleted").isEqualTo(1);

    SqsEventSource.Batch again = pollUntilDelivered(source);
    assertThat(again.messages())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.body()).contains("look-0001");
              assertThat(x.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqs", "local"})
  void aThrowOrAStrangerIdFailsTheWholeBatch(String kind) throws Exception {
    SqsEventSource.Queue q = queue(kind);
    send(q, "{\"lookId\":\"look-0000\"}");
    send(q, "{\"lookId\":\"look-0001\"}");
    List<RequestHandler<SQSEvent, SQSBatchResponse>> functions =
        List.of(
            (event, context) -> {
              throw new IllegalStateException("boom");
            },
            (event, context) ->
                new SQSBatchResponse(
                    List.of(new SQSBatchResponse.BatchItemFailure("not-in-this-batch"))),
            (event, context) -> new SQSBatchResponse(List.of()));
    for (int i = 0; i < functions.size(); i++) {
      SqsEventSource source =
          new SqsEventSource(
              q,
              "arn:aws:sqs:us-east-1:123456789012:q",
              "us-east-1",
              RULES,
              functions.get(i),
              () -> null,
              Duration.ofSeconds(5));
      SqsEventSource.Batch b = pollUntilDelivered(source);
      assertThat(b.messages()).hasSize(2);
      assertThat(b.failed()).hasSize(i < 2 ? 2 : 0);
      assertThat(b.error() != null).isEqualTo(i == 0);
      assertThat(size(q)).isEqualTo(i < 2 ? 2 : 0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqs", "local"})
  void aMessageThatKeepsFailingGoesToTheDeadLetterQueueAfterMaxReceiveCount(String kind)
      throws Exception {
    SqsEventSource.Queue q = queue(kind);
    send(q, "{\"lookId\":\"look-0000\"}");
    AtomicInteger invocations = new AtomicInteger();
    SqsEventSource source =
        new SqsEventSource(
            q,
            "arn:aws:sqs:us-east-1:123456789012:q",
            "us-east-1",
            RULES,
            (event, context) -> {
              invocations.incrementAndGet();
              throw new IllegalStateException("the Looks table is unreachable");
            },
            () -> null,
            Duration.ofSeconds(5));

    long deadline = System.nanoTime() + 30_000_000_000L;
    while (size(q) > 0 && System.nanoTime() < deadline) {
      source.poll(Duration.ofSeconds(1));
    }

    assertThat(invocations).hasValue(RULES.maxReceiveCount());
    assertThat(size(q)).isZero();
    if (q instanceof SqsQueue s) {
      List<Message> dead = s.deadLetterQueue().receive(10, Duration.ZERO);
      assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).contains("look-0000"));
    } else {
      assertThat(((LocalQueue) q).deadCount()).isEqualTo(1);
    }
  }

  @Test
  void aFailingAsyncInvocationIsTriedOnceAndRetriedThenSentToTheOnFailureQueue() throws Exception {
    SqsQueue destination =
        SqsQueue.create(
            MOTO.sqs(), "detect-failures-" + ThreadLocalRandom.current().nextInt(1 << 30), RULES);
    AtomicInteger attempts = new AtomicInteger();
    AsyncInvocation<S3Event> invocation =
        new AsyncInvocation<>(
            S3Event.class,
            "arn:aws:lambda:us-east-1:123456789012:function:detect",
            (S3Event event, Context context) -> {
              attempts.incrementAndGet();
              throw new IllegalStateException("the Looks table is unreachable");
            },
            () -> null,
            RULES,
            destination::send);
    S3Event event = s3Put("uploads/look 0001.jpg");

    List<AsyncInvocation.Outcome> outcomes = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      AsyncInvocation.Outcome o = invocation.attempt(event, attempt);
      outcomes.add(o);
      if (o != AsyncInvocation.Outcome.RETRY) {
        break;
      }
    }

    assertThat(attempts).hasValue(RULES.maximumRetryAttempts() + 1);
    assertThat(outcomes)
        .endsWith(AsyncInvocation.Outcome.SENT_TO_DESTINATION)
        .hasSize(RULES.maximumRetryAttempts() + 1);
    Message m = destination.receive(10, Duration.ZERO).get(0);
    JsonNode record = new ObjectMapper().readTree(m.body());
    assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
    assertThat(record.at("/requestContext/approximateInvokeCount").asInt())
        .isEqualTo(RULES.maximumRetryAttempts() + 1);
    assertThat(record.at("/responsePayload/errorMessage").asText())
        .isEqualTo("the Looks table is unreachable");
    assertThat(record.at("/requestPayload/Records/0/s3/object/key").asText())
        .isEqualTo("uploads/look+0001.jpg");
    assertThat(
            invocation
                .payloadOf(m.body())
                .getRecords()
                .get(0)
                .getS3()
                .getObject()
                .getUrlDecodedKey())
        .isEqualTo("uploads/look 0001.jpg");
  }

  @Test
  void aSucceedingAttemptIsNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    AsyncInvocation<S3Event> invocation =
        new AsyncInvocation<>(
            S3Event.class,
            "arn",
            (S3Event event, Context context) -> {
              attempts.incrementAndGet();
              return null;
            },
            () -> null,
            RULES,
            record -> {
              throw new AssertionError("nothing to send");
            });
    assertThat(invocation.attempt(s3Put("uploads/a.jpg"), 1))
        .isEqualTo(AsyncInvocation.Outcome.SUCCEEDED);
    assertThat(attempts).hasValue(1);
  }

  private static S3Event s3Put(String key) {
    var object =
        new S3EventNotification.S3ObjectEntity(key.replace(" ", "+"), 10L, "etag", null, "00A1");
    var bucket =
        new S3EventNotification.S3BucketEntity(
            "b", new S3EventNotification.UserIdentityEntity("p"), "arn:aws:s3:::b");
    var s3 = new S3EventNotification.S3Entity("uploads", bucket, object, "1.0");
    return new S3Event(
        List.of(
            new S3EventNotification.S3EventNotificationRecord(
                "us-east-1",
                "ObjectCreated:Put",
                "aws:s3",
                "2026-11-26T10:00:00.000Z",
                "2.1",
                new S3EventNotification.RequestParametersEntity("127.0.0.1"),
                new S3EventNotification.ResponseElementsEntity("x", "y"),
                s3,
                new S3EventNotification.UserIdentityEntity("p"))));
  }
}
