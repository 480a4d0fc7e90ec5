package com.buythatlook.cli.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.buythatlook.core.dataset.Street2ShopDataset;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookIds;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.testing.MotoServer;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.embed.OnnxEmbedder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * At-least-once, out-of-order delivery (S3 notifications and SQS standard queues both do it) leaves
 * the same looks as one clean pass. The same uploads go through two deployments: one gets each S3
 * event once and then the queue's messages; the other gets every S3 event twice and every message
 * twice, all in a shuffled order (seeded), with S3 events and embed batches interleaved. The Looks
 * items must be equal — statuses, items, vectors bit for bit — and the buckets must hold the same
 * crops.
 */
class ReplayIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final long SHUFFLE_SEED = 20261126L;
  private static final int PHOTOS = 4;

  @TempDir static Path work;

  private static OnnxDetector detector;
  private static OnnxEmbedder embedder;
  private static FlowStack clean;
  private static FlowStack replayed;

  /** Upload key → bytes: {@value #PHOTOS} street photos and one file that is no photo. */
  private static final Map<String, byte[]> uploads = new LinkedHashMap<>();

  @BeforeAll
  static void deploy() throws Exception {
    Street2ShopDataset dataset = FlowData.generate(work.resolve("data"), 5, 20);
    detector = OnnxDetector.open(FlowData.DETECTOR);
    embedder = OnnxEmbedder.open(FlowData.EMBEDDER);
    clean = FlowStack.create(MOTO, detector, embedder, null);
    replayed = FlowStack.create(MOTO, detector, embedder, null);
    FlowData.index(dataset, clean.store, embedder);
    replayed.copyFrom(clean, "index/");

    for (Map.Entry<Long, List<StreetItem>> photo :
        FlowData.testPhotos(dataset).subList(0, PHOTOS)) {
      uploads.put(
          "uploads/" + LookIds.newId() + ".jpg",
          Files.readAllBytes(dataset.image(photo.getKey()).orElseThrow()));
    }
    uploads.put(
        "uploads/" + LookIds.newId() + ".png",
        "not a photo but a shopping list\n".getBytes(StandardCharsets.UTF_8));
    for (var u : uploads.entrySet()) {
      clean.put(u.getKey(), u.getValue());
      replayed.put(u.getKey(), u.getValue());
    }
  }

  @AfterAll
  static void undeploy() {
    clean.close();
    replayed.close();
    embedder.close();
    detector.close();
  }

  @Test
  void duplicatedShuffledDeliveriesEndAsOneCleanPass() throws Exception {
    // given: the clean pass, one event per upload, then the queue
    for (var u : uploads.entrySet()) {
      clean.detect.handleRequest(clean.s3Put(u.getKey(), u.getValue().length), null);
    }
    clean.drainToEmbed();

    // when: the replayed deployment gets everything twice, shuffled
    int[] deliveries = replay(new Random(SHUFFLE_SEED));

    // then
    for (String key : uploads.keySet()) {
      String lookId = lookIdOf(key);
      Look expected = clean.looks.get(lookId).orElseThrow();
      Look actual = replayed.looks.get(lookId).orElseThrow();
      assertThat(actual.status())
          .as(key)
          .isEqualTo(expected.status())
          .isIn(LookStatus.EMBEDDED, LookStatus.FAILED);
      assertThat(actual.imageKey()).isEqualTo(expected.imageKey());
      assertThat(actual.width()).isEqualTo(expected.width());
      assertThat(actual.height()).isEqualTo(expected.height());
      assertThat(actual.failureReason()).isEqualTo(expected.failureReason());
      // LookItem.equals compares vectors with Arrays.equals: bit for bit
      assertThat(actual.items()).as("items of %s", key).isEqualTo(expected.items());
      assertThat(actual.items()).extracting(LookItem::itemNo).doesNotHaveDuplicates();
    }
    assertThat(clean.looks.get(lookIdOf(lastKey())).orElseThrow().status())
        .as("the upload that is no photo")
        .isEqualTo(LookStatus.FAILED);
    assertThat(replayed.objects("crops/"))
        .as("crop keys and their ETags")
        .isEqualTo(clean.objects("crops/"))
        .isNotEmpty();
    assertThat(replayed.dynamo.scan(b -> b.tableName(replayed.looksTable)).count())
        .isEqualTo(uploads.size());
    assertThat(replayed.receive()).as("messages left in the queue").isEmpty();
    System.out.printf(
        "replay: %d S3 deliveries, %d embed messages delivered in %d batches%n",
        deliveries[0], deliveries[1], deliveries[2]);
    assertThat(deliveries[1]).as("embed messages delivered").isGreaterThanOrEqualTo(2 * PHOTOS);
  }

  /**
   * Delivers every S3 event twice and every message that reaches the queue twice, in an order drawn
   * from {@code random}: at each step either the next S3 delivery or an embed batch of one to three
   * pending messages. A message is taken off the queue when it arrives and its two copies are kept
   * as pending deliveries; one the function reports as failed is delivered again.
   *
   * @return S3 deliveries, message deliveries and embed batches made
   */
  private static int[] replay(Random random) {
    List<S3Event> s3Pending = new ArrayList<>();
    for (var u : uploads.entrySet()) {
      s3Pending.add(replayed.s3Put(u.getKey(), u.getValue().length));
      s3Pending.add(replayed.s3Put(u.getKey(), u.getValue().length));
    }
    Collections.shuffle(s3Pending, random);
    List<Message> sqsPending = new ArrayList<>();
    int[] counts = new int[3];
    for (int step = 0; step < 10_000; step++) {
      for (Message m : replayed.receive()) {
        replayed.delete(m);
        sqsPending.add(random.nextInt(sqsPending.size() + 1), m);
        sqsPending.add(random.nextInt(sqsPending.size() + 1), m);
      }
      if (s3Pending.isEmpty() && sqsPending.isEmpty()) {
        return counts;
      }
      if (!s3Pending.isEmpty() && (sqsPending.isEmpty() || random.nextBoolean())) {
        replayed.detect.handleRequest(s3Pending.remove(s3Pending.size() - 1), null);
        counts[0]++;
        continue;
      }
      // one to three pending messages, distinct, as one batch
      List<Message> batch = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      int size = 1 + random.nextInt(3);
      for (int i = 0; i < sqsPending.size() && batch.size() < size; ) {
        Message m = sqsPending.get(i);
        if (ids.add(m.messageId())) {
          batch.add(sqsPending.remove(i));
        } else {
          i++;
        }
      }
      // the event source mapping's invocation; its deletes of messages already taken off are
      // no-ops, as in SQS
      Set<String> failed = replayed.embedSource.deliver(batch).failed();
      counts[1] += batch.size();
      counts[2]++;
      for (Message m : batch) {
        if (failed.contains(m.messageId())) {
          sqsPending.add(random.nextInt(sqsPending.size() + 1), m);
        }
      }
    }
    throw new AssertionError("deliveries did not settle in 10,000 steps");
  }

  private static String lastKey() {
    return new ArrayList<>(uploads.keySet()).get(uploads.size() - 1);
  }

  private static String lookIdOf(String key) {
    return key.substring("uploads/".length(), key.lastIndexOf('.'));
  }
}
