package com.buythatlook.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.buythatlook.cli.serve.LocalQueueTest.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQS event source mapping: batches, events, and what is deleted after the handler. */
class QueueConsumerTest {
  private static final Duration VISIBILITY = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

  @Test
  void theHandlerGetsAnSqsEventAndOnlyItsReportedFailuresComeBack() throws Exception {
    LocalQueue queue = LocalQueue.open(dir, VISIBILITY, 5, clock);
    for (int i = 0; i < 3; i++) {
      queue.send("{\"lookId\":\"look-000" + i + "\"}");
    }
    List<SQSEvent> seen = new ArrayList<>();
    QueueConsumer consumer = new QueueConsumer(queue, (event, context) -> {
      seen.add(event);
      assertThat(context.getFunctionName()).isEqualTo(QueueConsumer.FUNCTION_NAME);
      String failed = event.getRecords().get(1).getMessageId();
      return new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(failed)));
    }, Duration.ofSeconds(5));

    consumer.deliver(queue.receive(10, Duration.ZERO));

    SQSEvent.SQSMessage m = seen.get(0).getRecords().get(0);
    assertThat(seen.get(0).getRecords()).hasSize(3);
    assertThat(m.getBody()).isEqualTo("{\"lookId\":\"look-0000\"}");
    assertThat(m.getEventSource()).isEqualTo("aws:sqs");
    assertThat(m.getEventSourceArn()).isEqualTo(QueueConsumer.QUEUE_ARN);
    assertThat(m.getReceiptHandle()).isNotBlank();
    assertThat(m.getMd5OfBody()).hasSize(32);
    assertThat(m.getAttributes()).containsEntry("ApproximateReceiveCount", "1")
        .containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp");
    assertThat(queue.size()).as("the reported failure is kept").isEqualTo(1);
    clock.advance(VISIBILITY.plusSeconds(1));
    assertThat(queue.receive(10, Duration.ZERO)).singleElement().satisfies(d ->
        assertThat(d.body()).isEqualTo("{\"lookId\":\"look-0001\"}"));
  }

  @Test
  void aHandlerThatThrowsOrReportsAStrangerFailsTheWholeBatch() throws Exception {
    LocalQueue queue = LocalQueue.open(dir, VISIBILITY, 5, clock);
    queue.send("{\"lookId\":\"look-0000\"}");
    queue.send("{\"lookId\":\"look-0001\"}");

    new QueueConsumer(queue, (event, context) -> {
      throw new IllegalStateException("boom");
    }, Duration.ofSeconds(5)).deliver(queue.receive(10, Duration.ZERO));
    assertThat(queue.size()).isEqualTo(2);

    clock.advance(VISIBILITY.plusSeconds(1));
    new QueueConsumer(queue, (event, context) -> new SQSBatchResponse(
        List.of(new SQSBatchResponse.BatchItemFailure("not-in-this-batch"))),
        Duration.ofSeconds(5)).deliver(queue.receive(10, Duration.ZERO));
    assertThat(queue.size()).isEqualTo(2);

    clock.advance(VISIBILITY.plusSeconds(1));
    new QueueConsumer(queue, (event, context) -> new SQSBatchResponse(List.of()),
        Duration.ofSeconds(5)).deliver(queue.receive(10, Duration.ZERO));
    assertThat(queue.size()).isZero();
  }
}
