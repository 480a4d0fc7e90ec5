package com.buythatlook.cli.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.look.EmbedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

class LocalQueueTest {
  private static final Duration VISIBILITY = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

  private LocalQueue open() throws Exception {
    return LocalQueue.open(dir, new DeliveryRules(2, 10, VISIBILITY, 5), clock);
  }

  @Test
  void aDeletedMessageIsNotDeliveredAgain() throws Exception {
    LocalQueue q = open();
    q.send(new EmbedMessage("look-0001"));

    List<Message> got = q.receive(10, Duration.ZERO);
    assertThat(got)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.body()).isEqualTo("{\"lookId\":\"look-0001\"}");
              assertThat(receiveCount(d)).isEqualTo(1);
            });
    assertThat(q.delete(got.get(0).receiptHandle())).isTrue();

    clock.advance(VISIBILITY.plusSeconds(1));
    assertThat(q.receive(10, Duration.ZERO)).isEmpty();
    assertThat(q.size()).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void anUndeletedMessageIsRedeliveredOnlyAfterTheVisibilityTimeout() throws Exception {
    LocalQueue q = open();
    q.send("{\"lookId\":\"look-0001\"}");
    Message first = q.receive(10, Duration.ZERO).get(0);

    clock.advance(VISIBILITY.minusSeconds(1));
    assertThat(q.receive(10, Duration.ZERO)).as("still invisible").isEmpty();

    clock.advance(Duration.ofSeconds(2));
    Message second = q.receive(10, Duration.ZERO).get(0);
    assertThat(second.messageId()).isEqualTo(first.messageId());
    assertThat(receiveCount(second)).isEqualTo(2);
    assertThat(second.attributesAsStrings().get("ApproximateFirstReceiveTimestamp"))
        .isEqualTo(first.attributesAsStrings().get("ApproximateFirstReceiveTimestamp"));
    assertThat(q.delete(first.receiptHandle())).as("the first receive's handle is stale").isFalse();
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.delete(second.receiptHandle())).isTrue();
  }

  @Test
  void aMessageReceivedFiveTimesWithoutSuccessMovesToTheDeadLetterFolder() throws Exception {
    LocalQueue q = open();
    String id = q.send("{\"lookId\":\"look-0001\"}");
    for (int i = 1; i <= 5; i++) {
      assertThat(q.receive(10, Duration.ZERO))
          .singleElement()
          .extracting(LocalQueueTest::receiveCount)
          .isEqualTo(i);
      clock.advance(VISIBILITY.plusSeconds(1));
    }

    assertThat(q.receive(10, Duration.ZERO)).isEmpty();
    assertThat(q.size()).isZero();
    assertThat(q.deadCount()).isEqualTo(1);
    assertThat(Files.readString(q.deadLetterFolder().resolve(id + ".json")))
        .contains("look-0001")
        .contains("\"receiveCount\":5")
        .contains("deadAt");
  }

  @Test
  void onlyTheFailedItemsOfABatchComeBack() throws Exception {
    LocalQueue q = open();
    for (int i = 0; i < 12; i++) {
      q.send("{\"lookId\":\"look-" + (1000 + i) + "\"}");
    }
    List<Message> batch = q.receive(10, Duration.ZERO);
    assertThat(batch).hasSize(10);
    assertThat(batch.get(0).body()).contains("look-1000"); // oldest first
    // the handler reported items 3 and 7 as failed: the consumer deletes the others
    for (int i = 0; i < batch.size(); i++) {
      if (i != 3 && i != 7) {
        assertThat(q.delete(batch.get(i).receiptHandle())).isTrue();
      }
    }
    List<Message> rest = q.receive(10, Duration.ZERO);
    assertThat(rest)
        .extracting(Message::body)
        .containsExactly("{\"lookId\":\"look-1010\"}", "{\"lookId\":\"look-1011\"}");
    rest.forEach(d -> q.delete(d.receiptHandle()));

    clock.advance(VISIBILITY.plusSeconds(1));
    assertThat(q.receive(10, Duration.ZERO))
        .extracting(Message::messageId)
        .containsExactly(batch.get(3).messageId(), batch.get(7).messageId());
  }

  @Test
  void messagesSurviveAReopenAndInFlightOnesAreDeliveredAtOnce() throws Exception {
    LocalQueue q = open();
    q.send("{\"lookId\":\"look-0001\"}");
    q.send("{\"lookId\":\"look-0002\"}");
    q.receive(1, Duration.ZERO); // look-0001 in flight when the process "dies"

    LocalQueue reopened = open();
    List<Message> got = reopened.receive(10, Duration.ZERO);
    assertThat(got)
        .extracting(Message::body)
        .containsExactly("{\"lookId\":\"look-0001\"}", "{\"lookId\":\"look-0002\"}");
    assertThat(got).extracting(LocalQueueTest::receiveCount).containsExactly(2, 1);
  }

  @Test
  void receiveWaitsForASend() throws Exception {
    LocalQueue q = open();
    CompletableFuture<List<Message>> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return q.receive(10, Duration.ofSeconds(20));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(100);
    assertThat(waiting).isNotDone();
    q.send("{\"lookId\":\"look-0001\"}");
    assertThat(waiting.get(5, TimeUnit.SECONDS)).hasSize(1);
  }

  @Test
  void anUnreadableFileIsSetAsideInsteadOfBlockingTheQueue() throws Exception {
    Files.writeString(dir.resolve("000000000000001-garbage.json"), "{not json");
    LocalQueue q = open();
    q.send("{\"lookId\":\"look-0001\"}");

    assertThat(q.receive(10, Duration.ZERO)).hasSize(1);
    assertThat(q.deadCount()).isEqualTo(1);
  }

  static int receiveCount(Message m) {
    return Integer.parseInt(m.attributesAsStrings().get("ApproximateReceiveCount"));
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
