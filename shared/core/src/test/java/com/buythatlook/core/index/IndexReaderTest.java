package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.storage.FileBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexReaderTest {
  private static final int DIM = 16;

  @TempDir Path dir;

  /** Publishes {@code n} random products of TOPS split into shards of {@code perShard} rows. */
  private float[] publish(FileBlobStore store, String version, int n, int perShard, long seed)
      throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] rows = TopKTest.randomRows(rnd, n, DIM, true);
    IndexPublisher pub = new IndexPublisher(store);
    List<IndexManifest.ShardEntry> entries = new ArrayList<>();
    int s = 0;
    for (int[] range : IndexPublisher.splits(n, perShard)) {
      int count = range[1] - range[0];
      float[] part = java.util.Arrays.copyOfRange(rows, range[0] * DIM, range[1] * DIM);
      List<String> ids =
          IntStream.range(range[0], range[1]).mapToObj(i -> version + "-p" + i).toList();
      float[] prices = new float[count];
      List<String> brands = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        prices[i] = (range[0] + i) % 100;
        brands.add((range[0] + i) % 2 == 0 ? "Even" : "Odd");
      }
      entries.add(
          pub.putShard(
              version, s++, Shard.of(Category.TOPS, DIM, part, ids, prices, brands, true)));
    }
    pub.publish(
        new IndexManifest(
            1,
            version,
            "test-embedder",
            "1",
            DIM,
            "cosine",
            "float32",
            true,
            "2026-11-26T00:00:00Z",
            entries));
    return rows;
  }

  @Test
  void searchAcrossSplitShardsEqualsOneExactScan() throws IOException {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    float[] rows = publish(store, "v1", 500, 120, 1);
    IndexReader reader = new IndexReader(store, Duration.ofSeconds(5), 1 << 20, dir.resolve("tmp"));
    float[] q = TopKTest.randomRows(new SplittableRandom(9), 1, DIM, true);

    List<Match> got =
        reader.snapshot().search(Category.TOPS, new float[][] {q}, 6, Filter.none()).get(0);

    Hits exact = TopK.scalar().search(rows, 500, DIM, q, 6, RowFilter.none());
    assertThat(got)
        .extracting(Match::productId)
        .containsExactlyElementsOf(IntStream.of(exact.rows()).mapToObj(i -> "v1-p" + i).toList());
    assertThat(reader.snapshot().manifest().shardsOf(Category.TOPS)).hasSize(5);
    assertThat(reader.snapshot().categories()).containsExactly(Category.TOPS);
    assertThat(reader.snapshot().search(Category.BAGS, new float[][] {q}, 6, Filter.none()).get(0))
        .isEmpty();
  }

  @Test
  void aQueryOfAnotherDimensionIsRefusedOnceAtTheEntryEvenForAnEmptyCategory() throws IOException {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    publish(store, "v1", 40, 40, 1);
    IndexSnapshot snapshot =
        new IndexReader(store, Duration.ofSeconds(5), 1 << 20, null).snapshot();
    float[][] wrong = {new float[DIM], new float[DIM + 1]};

    for (Category c : new Category[] {Category.TOPS, Category.BAGS}) {
      assertThatThrownBy(() -> snapshot.search(c, wrong, 6, Filter.none()))
          .isInstanceOfSatisfying(
              DimensionMismatchException.class,
              e -> {
                assertThat(e.queryDimension()).isEqualTo(DIM + 1);
                assertThat(e.indexDimension()).isEqualTo(DIM);
              })
          .hasMessage("query vectors have 17 dimensions; index v1 has 16");
    }
  }

  @Test
  void filtersHoldAcrossShardsAndStillReturnK() throws IOException {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    publish(store, "v1", 500, 120, 2);
    IndexReader reader = new IndexReader(store, Duration.ofSeconds(5), 1 << 20, null);
    float[] q = TopKTest.randomRows(new SplittableRandom(3), 1, DIM, true);
    List<Match> got =
        reader
            .snapshot()
            .search(Category.TOPS, new float[][] {q, q}, 8, new Filter(10.0, 20.0, Set.of("Odd")))
            .get(1);
    assertThat(got)
        .hasSize(8)
        .allSatisfy(
            m -> {
              assertThat(m.price()).isBetween(10f, 20f);
              assertThat(m.brand()).isEqualTo("Odd");
            });
  }

  @Test
  void currentIsReReadOnlyAfterTheRefreshIntervalAndVersionsNeverMix() throws IOException {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    publish(store, "v1", 50, 20, 1);
    AtomicLong now = new AtomicLong();
    IndexReader reader = new IndexReader(store, Duration.ofSeconds(10), 1 << 20, null, now::get);
    IndexSnapshot first = reader.snapshot();

    publish(store, "v2", 60, 20, 2);
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(reader.snapshot()).isSameAs(first);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    IndexSnapshot second = reader.snapshot();
    assertThat(second.manifest().version()).isEqualTo("v2");

    // a query that started on v1 still answers from v1 only
    float[] q = TopKTest.randomRows(new SplittableRandom(5), 1, DIM, true);
    assertThat(first.search(Category.TOPS, new float[][] {q}, 100, Filter.none()).get(0))
        .hasSize(50)
        .allSatisfy(m -> assertThat(m.productId()).startsWith("v1-"));
    assertThat(second.search(Category.TOPS, new float[][] {q}, 100, Filter.none()).get(0))
        .hasSize(60)
        .allSatisfy(m -> assertThat(m.productId()).startsWith("v2-"));
  }

  @Test
  void aCurrentThatNamesAnUnfinishedVersionKeepsTheOldOne() throws IOException {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    publish(store, "v1", 30, 30, 1);
    AtomicLong now = new AtomicLong();
    IndexReader reader = new IndexReader(store, Duration.ofSeconds(1), 1 << 20, null, now::get);
    reader.snapshot();
    store.put(IndexKeys.CURRENT, "v9".getBytes(StandardCharsets.UTF_8));
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(reader.snapshot().manifest().version()).isEqualTo("v1");
  }

  @Test
  void nothingPublishedSaysWhatToRun() {
    IndexReader reader =
        new IndexReader(
            new FileBlobStore(dir.resolve("empty")), Duration.ofSeconds(1), 1 << 20, null);
    assertThatThrownBy(reader::snapshot)
        .isInstanceOf(IndexUnavailableException.class)
        .hasMessageContaining("btl index");
  }

  @Test
  void memoryStaysWithinBudgetAndEvictedShardsComeBackFromTheSpillFolder() throws IOException {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    publish(store, "v1", 400, 100, 1);
    long shardBytes = Files.size(dir.resolve("s3/index/v1/tops/0.shard"));
    Path spill = dir.resolve("spill");
    IndexReader reader = new IndexReader(store, Duration.ofMinutes(1), 2 * shardBytes, spill);
    float[] q = TopKTest.randomRows(new SplittableRandom(5), 1, DIM, true);

    List<Match> first =
        reader.snapshot().search(Category.TOPS, new float[][] {q}, 6, Filter.none()).get(0);
    assertThat(reader.cachedBytes()).isLessThanOrEqualTo(2 * shardBytes);
    assertThat(reader.storeReads()).isEqualTo(4);
    try (var files = Files.list(spill)) {
      assertThat(files.count()).isEqualTo(4);
    }
    List<Match> second =
        reader.snapshot().search(Category.TOPS, new float[][] {q}, 6, Filter.none()).get(0);
    assertThat(second).isEqualTo(first);
    assertThat(reader.storeReads())
        .as("evicted shards are re-read from the spill folder")
        .isEqualTo(4);
    // 4 shards through a budget of about 2, twice: what was loaded and not evicted is held
    assertThat(reader.spillReads()).isEqualTo(4);
    assertThat(8 - reader.evictions()).isBetween(1L, 2L);
    assertThat(reader.spillWrites()).isEqualTo(4);
    assertThat(reader.spillFailures()).isZero();
  }

  @Test
  void aSpillFolderThatCannotBeWrittenCostsReDownloadsNotAnswers() throws IOException {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    publish(store, "v1", 400, 100, 1);
    long shardBytes = Files.size(dir.resolve("s3/index/v1/tops/0.shard"));
    // a file where the spill folder should be: every spill fails, as on a full /tmp
    Path spill = Files.writeString(dir.resolve("not-a-folder"), "x");
    IndexReader reader = new IndexReader(store, Duration.ofMinutes(1), 2 * shardBytes, spill);
    float[] q = TopKTest.randomRows(new SplittableRandom(5), 1, DIM, true);
    List<Match> first =
        reader.snapshot().search(Category.TOPS, new float[][] {q}, 6, Filter.none()).get(0);
    List<Match> second =
        reader.snapshot().search(Category.TOPS, new float[][] {q}, 6, Filter.none()).get(0);
    assertThat(second).hasSize(6).isEqualTo(first);
    assertThat(reader.spillWrites()).isZero();
    assertThat(reader.spillFailures()).isEqualTo(8);
    assertThat(reader.storeReads()).isEqualTo(8);
    assertThat(reader.spillReads()).isZero();
  }

  @Test
  void aCorruptedShardIsReportedNotServed() throws IOException {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    publish(store, "v1", 40, 40, 1);
    Path shard = dir.resolve("s3/index/v1/tops/0.shard");
    byte[] bytes = Files.readAllBytes(shard);
    bytes[100] ^= 1;
    Files.write(shard, bytes);
    IndexReader reader = new IndexReader(store, Duration.ofSeconds(1), 1 << 20, null);
    float[] q = TopKTest.randomRows(new SplittableRandom(5), 1, DIM, true);
    assertThatThrownBy(
            () -> reader.snapshot().search(Category.TOPS, new float[][] {q}, 6, Filter.none()))
        .isInstanceOf(ShardFormatException.class)
        .hasMessageContaining("index/v1/tops/0.shard fails its checksum");
  }

  @Test
  void versionsThatCouldEscapeTheirPrefixAreRefused() {
    assertThatThrownBy(() -> IndexKeys.manifest("../x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexKeys.manifest("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(IndexKeys.shard("2026-11-26.1", Category.TOPS, 3))
        .isEqualTo("index/2026-11-26.1/tops/3.shard");
  }

  @Test
  void aPreloadingReaderReadsEachShardOnceInTheBackgroundAndSearchesWaitForIt() throws Exception {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    publish(store, "v1", 2_000, 250, 11); // 8 shards
    IndexReader reader =
        new IndexReader(store, Duration.ofMinutes(1), 64L << 20, null).preload(true);
    float[] q = TopKTest.randomRows(new SplittableRandom(5), 1, DIM, true);

    // searches run while the preload is reading: none reads a shard a second time
    List<Match> found =
        reader.snapshot().search(Category.TOPS, new float[][] {q}, 6, Filter.none()).get(0);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (reader.storeReads() < 8 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    assertThat(found).hasSize(6);
    assertThat(reader.storeReads()).isEqualTo(8);
    reader.snapshot().search(Category.TOPS, new float[][] {q}, 6, Filter.none());
    assertThat(reader.storeReads()).as("all in memory").isEqualTo(8);
  }

  @Test
  void noShardPreloadWhenTheyDoNotFitOrWhenNotAskedFor() throws Exception {
    FileBlobStore store = new FileBlobStore(dir.resolve("s3"));
    publish(store, "v1", 2_000, 250, 11);
    long shardBytes = Files.size(dir.resolve("s3/index/v1/tops/0.shard"));
    IndexReader small =
        new IndexReader(store, Duration.ofMinutes(1), 3 * shardBytes, null).preload(true);
    IndexReader plain = new IndexReader(store, Duration.ofMinutes(1), 64L << 20, null);

    small.snapshot();
    plain.snapshot();
    Thread.sleep(300);

    assertThat(small.storeReads()).isZero();
    assertThat(plain.storeReads()).isZero();
  }
}
