package com.buythatlook.core.look;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.ImageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LookStore} must do, whatever it stores looks in: the conditional-write rules
 * that make duplicate, late and concurrent events harmless, and exact round trips. A subclass
 * supplies the store; every test uses fresh look ids, so one table or folder can serve a class.
 */
abstract class LookStoreContract {
  static final Instant T0 = Instant.parse("2026-11-26T10:15:30.123456789Z");
  static final Instant T1 = T0.plusMillis(1_500);
  static final Instant T2 = T0.plusSeconds(7);
  static final Instant T3 = T0.plusSeconds(60);

  /** Whole seconds: the TTL attribute keeps no fraction. */
  static final Instant EXPIRES = Instant.parse("2026-12-26T10:15:30Z");

  /** The store under test; may be the same object for every test of a class. */
  protected abstract LookStore store();

  /**
   * Whether the backend under the store settles concurrent conditional writes atomically. Real
   * DynamoDB does; moto_server does not (it checks and writes without a lock), so the Dynamo test
   * says no and the race tests are skipped there.
   */
  protected boolean backendSettlesRacesAtomically() {
    return true;
  }

  @Test
  void createsAPendingLookOnlyOnce() {
    String id = LookIds.newId();

    assertThat(store().createPending(id, T0, EXPIRES)).isTrue();
    assertThat(store().createPending(id, T1, EXPIRES.plusSeconds(1))).isFalse();

    Look look = store().get(id).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.PENDING);
    assertThat(look.imageKey()).isNull();
    assertThat(look.width()).isZero();
    assertThat(look.height()).isZero();
    assertThat(look.items()).isEmpty();
    assertThat(look.failureReason()).isNull();
    assertThat(look.createdAt()).isEqualTo(T0); // nanoseconds included
    assertThat(look.updatedAt()).isEqualTo(T0);
    assertThat(look.expiresAt()).isEqualTo(EXPIRES);
  }

  @Test
  void knowsNothingOfALookNeverWritten() {
    assertThat(store().get(LookIds.newId())).isEmpty();
  }

  @Test
  void marksDetectedALookUploadedStraightToTheBucket() {
    String id = LookIds.newId();
    List<LookItem> items = items(id, 2, false);

    assertThat(store().markDetected(id, upload(id), 640, 480, items, T0, EXPIRES)).isTrue();

    Look look = store().get(id).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.DETECTED);
    assertThat(look.imageKey()).isEqualTo(upload(id));
    assertThat(look.width()).isEqualTo(640);
    assertThat(look.height()).isEqualTo(480);
    assertThat(look.items()).isEqualTo(items);
    assertThat(look.createdAt()).isEqualTo(T0);
    assertThat(look.updatedAt()).isEqualTo(T0);
    assertThat(look.expiresAt()).isEqualTo(EXPIRES);
  }

  @Test
  void marksDetectedAPendingLookKeepingWhenItWasCreated() {
    String id = LookIds.newId();
    store().createPending(id, T0, EXPIRES);

    assertThat(store().markDetected(id, upload(id), 10, 20, items(id, 1, false), T1, EXPIRES))
        .isTrue();

    Look look = store().get(id).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.DETECTED);
    assertThat(look.createdAt()).isEqualTo(T0);
    assertThat(look.updatedAt()).isEqualTo(T1);
  }

  @Test
  void refusesADuplicateMarkDetectedAndKeepsTheFirstItems() {
    String id = LookIds.newId();
    List<LookItem> first = items(id, 2, false);
    store().markDetected(id, upload(id), 640, 480, first, T0, EXPIRES);

    // a redelivered S3 event whose detection came out differently
    List<LookItem> second = items(id, 3, false);
    assertThat(store().markDetected(id, upload(id), 641, 481, second, T1, EXPIRES)).isFalse();

    Look look = store().get(id).orElseThrow();
    assertThat(look.items()).isEqualTo(first);
    assertThat(look.width()).isEqualTo(640);
    assertThat(look.updatedAt()).isEqualTo(T0);
  }

  @Test
  void marksEmbeddedOnlyFromDetected() {
    String absent = LookIds.newId();
    assertThat(store().markEmbedded(absent, items(absent, 1, true), T1)).isFalse();
    assertThat(store().get(absent)).isEmpty();

    String pending = LookIds.newId();
    store().createPending(pending, T0, EXPIRES);
    assertThat(store().markEmbedded(pending, items(pending, 1, true), T1)).isFalse();
    assertThat(store().get(pending).orElseThrow().status()).isEqualTo(LookStatus.PENDING);

    String failed = LookIds.newId();
    store().markFailed(failed, upload(failed), "not a photo", T0, EXPIRES);
    assertThat(store().markEmbedded(failed, items(failed, 1, true), T1)).isFalse();
    assertThat(store().get(failed).orElseThrow().status()).isEqualTo(LookStatus.FAILED);

    String detected = LookIds.newId();
    store()
        .markDetected(detected, upload(detected), 640, 480, items(detected, 2, false), T0, EXPIRES);
    List<LookItem> embedded = items(detected, 2, true);
    assertThat(store().markEmbedded(detected, embedded, T2)).isTrue();
    assertThat(store().markEmbedded(detected, items(detected, 1, true), T3)).isFalse();

    Look look = store().get(detected).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.EMBEDDED);
    assertThat(look.items()).isEqualTo(embedded);
    assertThat(look.imageKey()).isEqualTo(upload(detected));
    assertThat(look.width()).isEqualTo(640);
    assertThat(look.createdAt()).isEqualTo(T0);
    assertThat(look.updatedAt()).isEqualTo(T2);
    assertThat(look.expiresAt()).isEqualTo(EXPIRES);
  }

  @Test
  void marksEmbeddedALookWithNoItems() {
    String id = LookIds.newId();
    store().markDetected(id, upload(id), 640, 480, List.of(), T0, EXPIRES);

    assertThat(store().markEmbedded(id, List.of(), T1)).isTrue();

    Look look = store().get(id).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.EMBEDDED);
    assertThat(look.items()).isEmpty();
  }

  @Test
  void marksFailedALookThatIsAbsentPendingOrDetected() {
    String absent = LookIds.newId();
    assertThat(store().markFailed(absent, upload(absent), "the file is not an image", T1, EXPIRES))
        .isTrue();
    Look a = store().get(absent).orElseThrow();
    assertThat(a.status()).isEqualTo(LookStatus.FAILED);
    assertThat(a.failureReason()).isEqualTo("the file is not an image");
    assertThat(a.imageKey()).isEqualTo(upload(absent));
    assertThat(a.items()).isEmpty();
    assertThat(a.createdAt()).isEqualTo(T1);

    String pending = LookIds.newId();
    store().createPending(pending, T0, EXPIRES);
    assertThat(store().markFailed(pending, null, "no photo was uploaded in time", T1, EXPIRES))
        .isTrue();
    Look p = store().get(pending).orElseThrow();
    assertThat(p.status()).isEqualTo(LookStatus.FAILED);
    assertThat(p.imageKey()).isNull();
    assertThat(p.createdAt()).isEqualTo(T0);

    String detected = LookIds.newId();
    List<LookItem> items = items(detected, 2, false);
    store().markDetected(detected, upload(detected), 640, 480, items, T0, EXPIRES);
    assertThat(store().markFailed(detected, null, "embedding failed", T2, EXPIRES)).isTrue();
    Look d = store().get(detected).orElseThrow();
    assertThat(d.status()).isEqualTo(LookStatus.FAILED);
    assertThat(d.failureReason()).isEqualTo("embedding failed");
    // what detection found stays, and so does the image it was found in
    assertThat(d.items()).isEqualTo(items);
    assertThat(d.imageKey()).isEqualTo(upload(detected));
    assertThat(d.width()).isEqualTo(640);
    assertThat(d.updatedAt()).isEqualTo(T2);
  }

  @Test
  void neverOverwritesAnEmbeddedLookOrAnEarlierFailure() {
    String embedded = LookIds.newId();
    store()
        .markDetected(embedded, upload(embedded), 640, 480, items(embedded, 1, false), T0, EXPIRES);
    store().markEmbedded(embedded, items(embedded, 1, true), T1);

    assertThat(store().markFailed(embedded, upload(embedded), "late failure", T2, EXPIRES))
        .isFalse();
    Look e = store().get(embedded).orElseThrow();
    assertThat(e.status()).isEqualTo(LookStatus.EMBEDDED);
    assertThat(e.failureReason()).isNull();

    String failed = LookIds.newId();
    store().markFailed(failed, upload(failed), "first reason", T0, EXPIRES);
    assertThat(store().markFailed(failed, upload(failed), "second reason", T1, EXPIRES)).isFalse();
    assertThat(store().get(failed).orElseThrow().failureReason()).isEqualTo("first reason");
  }

  @Test
  void lateDuplicateEventsNeverMoveALookBackwards() {
    String id = LookIds.newId();
    List<LookItem> detected = items(id, 2, false);
    List<LookItem> embedded = items(id, 2, true);
    store().createPending(id, T0, EXPIRES);
    store().markDetected(id, upload(id), 640, 480, detected, T1, EXPIRES);
    store().markEmbedded(id, embedded, T2);

    // the S3 event was delivered twice: the second detect run finishes after embedding
    assertThat(store().markDetected(id, upload(id), 640, 480, detected, T3, EXPIRES)).isFalse();
    assertThat(store().createPending(id, T3, EXPIRES)).isFalse();

    Look look = store().get(id).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.EMBEDDED);
    assertThat(look.items()).isEqualTo(embedded);
    assertThat(look.items()).allSatisfy(i -> assertThat(i.vector()).isNotNull());
    assertThat(look.updatedAt()).isEqualTo(T2);

    // and a failed look stays failed
    String failed = LookIds.newId();
    store().markFailed(failed, upload(failed), "too large", T0, EXPIRES);
    assertThat(store().markDetected(failed, upload(failed), 640, 480, detected, T1, EXPIRES))
        .isFalse();
    assertThat(store().get(failed).orElseThrow().status()).isEqualTo(LookStatus.FAILED);
  }

  @Test
  void vectorsRoundTripBitExactly() {
    String id = LookIds.newId();
    SplittableRandom random = new SplittableRandom(42);
    float[] unit = new float[512];
    for (int i = 0; i < unit.length; i++) {
      unit[i] = (float) random.nextGaussian();
    }
    float[] awkward = {
      -0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, 1e-30f, 0.1f, 1f / 3
    };
    List<LookItem> items = items(id, 2, false);
    store().markDetected(id, upload(id), 640, 480, items, T0, EXPIRES);

    assertThat(
            store()
                .markEmbedded(
                    id,
                    List.of(items.get(0).withVector(unit), items.get(1).withVector(awkward)),
                    T1))
        .isTrue();

    List<LookItem> stored = store().get(id).orElseThrow().items();
    assertThat(rawBits(stored.get(0).vector())).containsExactly(rawBits(unit));
    assertThat(rawBits(stored.get(1).vector())).containsExactly(rawBits(awkward));
  }

  @Test
  void scoresAndBoxesRoundTripExactly() {
    String id = LookIds.newId();
    LookItem item =
        new LookItem(
            0,
            Category.SKIRTS,
            0.1 + 0.2,
            new Box(1.0 / 3, 1e-9, 1234.5678901234567, 0),
            LookKeys.crop(id, 0),
            null);

    store().markDetected(id, upload(id), 1, 1, List.of(item), T0, EXPIRES);

    LookItem stored = store().get(id).orElseThrow().items().get(0);
    assertThat(stored.score()).isEqualTo(0.1 + 0.2);
    assertThat(stored.box()).isEqualTo(item.box());
    assertThat(stored.category()).isEqualTo(Category.SKIRTS);
    assertThat(stored.cropKey()).isEqualTo(LookKeys.crop(id, 0));
  }

  @Test
  void keepsItemsInTheOrderGiven() {
    String id = LookIds.newId();
    Category[] categories = {Category.TOPS, Category.BAGS, Category.PANTS, Category.FOOTWEAR};
    int[] itemNos = {3, 0, 2, 1};
    List<LookItem> items = new ArrayList<>();
    for (int i = 0; i < itemNos.length; i++) {
      items.add(item(id, itemNos[i], categories[i], null));
    }

    store().markDetected(id, upload(id), 640, 480, items, T0, EXPIRES);

    assertThat(store().get(id).orElseThrow().items()).containsExactlyElementsOf(items);
  }

  @Test
  void keepsExpiryInWholeSeconds() {
    String id = LookIds.newId();

    store().createPending(id, T0, EXPIRES.plusMillis(999));

    assertThat(store().get(id).orElseThrow().expiresAt()).isEqualTo(EXPIRES);
  }

  @Test
  void exactlyOneOfConcurrentMarkDetectedWins() throws Exception {
    assumeTrue(backendSettlesRacesAtomically(), "the backend does not settle races atomically");
    String id = LookIds.newId();
    store().createPending(id, T0, EXPIRES);
    int threads = 8;
    List<List<LookItem>> attempts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      attempts.add(items(id, 1 + t % 3, false, 0.5 + t / 100.0));
    }

    List<Boolean> results =
        race(
            threads,
            t ->
                () -> store().markDetected(id, upload(id), 640, 480, attempts.get(t), T1, EXPIRES));

    assertThat(results).filteredOn(r -> r).hasSize(1);
    List<LookItem> winner = attempts.get(results.indexOf(true));
    assertThat(store().get(id).orElseThrow().items()).isEqualTo(winner);
  }

  @Test
  void exactlyOneOfConcurrentTerminalWritesWins() throws Exception {
    assumeTrue(backendSettlesRacesAtomically(), "the backend does not settle races atomically");
    String id = LookIds.newId();
    store().markDetected(id, upload(id), 640, 480, items(id, 2, false), T0, EXPIRES);
    List<LookItem> embedded = items(id, 2, true);

    // an embed run and a failure (say, from the dead-letter handler) arrive together
    List<Boolean> results =
        race(
            8,
            t ->
                () ->
                    t % 2 == 0
                        ? store().markEmbedded(id, embedded, T1)
                        : store().markFailed(id, null, "gave up after retries", T1, EXPIRES));

    assertThat(results).filteredOn(r -> r).hasSize(1);
    LookStatus expected = results.indexOf(true) % 2 == 0 ? LookStatus.EMBEDDED : LookStatus.FAILED;
    assertThat(store().get(id).orElseThrow().status()).isEqualTo(expected);
  }

  @Test
  void refusesInputThatWouldStoreAnInvalidLook() {
    String id = LookIds.newId();
    store().markDetected(id, upload(id), 640, 480, items(id, 2, false), T0, EXPIRES);

    assertThatThrownBy(() -> store().get("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("look id");
    assertThatThrownBy(() -> store().markEmbedded(id, items(id, 2, false), T1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no vector");
    assertThatThrownBy(() -> store().markFailed(id, null, " ", T1, EXPIRES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(
            () ->
                store()
                    .markDetected(
                        LookIds.newId(),
                        upload(id),
                        1,
                        1,
                        List.of(
                            new LookItem(
                                0, Category.HATS, Double.NaN, new Box(0, 0, 1, 1), "k", null)),
                        T0,
                        EXPIRES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("score");

    // and nothing was written by the refused calls
    assertThat(store().get(id).orElseThrow().status()).isEqualTo(LookStatus.DETECTED);
  }

  // ---- helpers ----

  static String upload(String id) {
    return LookKeys.upload(id, ImageFormat.JPEG);
  }

  static List<LookItem> items(String id, int n, boolean withVectors) {
    return items(id, n, withVectors, 0.9);
  }

  static List<LookItem> items(String id, int n, boolean withVectors, double score) {
    List<LookItem> items = new ArrayList<>();
    Category[] categories = Category.values();
    for (int i = 0; i < n; i++) {
      float[] vector = null;
      if (withVectors) {
        vector = new float[16];
        for (int d = 0; d < vector.length; d++) {
          vector[d] = (float) Math.sin(i * 31 + d);
        }
      }
      items.add(
          new LookItem(
              i,
              categories[i % categories.length],
              score - i / 10.0,
              new Box(12.5 + i, 30.25, 100.75, 200),
              LookKeys.crop(id, i),
              vector));
    }
    return items;
  }

  static LookItem item(String id, int itemNo, Category category, float[] vector) {
    return new LookItem(
        itemNo, category, 0.8, new Box(itemNo, itemNo, 10, 10), LookKeys.crop(id, itemNo), vector);
  }

  private static int[] rawBits(float[] v) {
    int[] bits = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      bits[i] = Float.floatToRawIntBits(v[i]);
    }
    return bits;
  }

  /** Runs {@code n} calls released together, and returns their results in thread order. */
  private static List<Boolean> race(int n, java.util.function.IntFunction<Callable<Boolean>> call)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> futures = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        Callable<Boolean> c = call.apply(t);
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return c.call();
                }));
      }
      ready.await();
      go.countDown();
      List<Boolean> results = new ArrayList<>();
      for (Future<Boolean> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
