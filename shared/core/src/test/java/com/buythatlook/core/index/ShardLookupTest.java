package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.storage.FileBlobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a product's stored vector by id, for "more like this product". */
class ShardLookupTest {
  private static final int DIM = 8;

  @TempDir Path dir;

  @Test
  void rowOfFindsEveryIdAndNothingElse() {
    List<String> ids = List.of("b", "10", "a", "2", "1", "c:1");
    float[] rows = TopKTest.randomRows(new SplittableRandom(1), ids.size(), DIM, true);
    Shard shard =
        Shard.of(
            Category.BAGS,
            DIM,
            rows,
            ids,
            new float[ids.size()],
            ids.stream().map(i -> "x").toList(),
            false);
    for (int r = 0; r < ids.size(); r++) {
      assertThat(shard.rowOf(ids.get(r))).isEqualTo(r);
      assertThat(shard.vector(r)).containsExactly(Arrays.copyOfRange(rows, r * DIM, (r + 1) * DIM));
    }
    assertThat(shard.rowOf("3")).isEqualTo(-1);
    assertThat(shard.rowOf("")).isEqualTo(-1);
    assertThat(
            Shard.of(Category.BAGS, DIM, new float[0], List.of(), new float[0], List.of(), false)
                .rowOf("a"))
        .isEqualTo(-1);
  }

  @Test
  void vectorOfLooksInEveryShardOfTheCategoryOnly() throws IOException {
    FileBlobStore store = new FileBlobStore(dir);
    IndexPublisher pub = new IndexPublisher(store);
    float[] tops = TopKTest.randomRows(new SplittableRandom(2), 30, DIM, true);
    List<IndexManifest.ShardEntry> entries = new ArrayList<>();
    int n = 0;
    for (int[] range : IndexPublisher.splits(30, 10)) {
      List<String> ids = new ArrayList<>();
      for (int i = range[0]; i < range[1]; i++) {
        ids.add("t" + i);
      }
      entries.add(
          pub.putShard(
              "v1",
              n++,
              Shard.of(
                  Category.TOPS,
                  DIM,
                  Arrays.copyOfRange(tops, range[0] * DIM, range[1] * DIM),
                  ids,
                  new float[ids.size()],
                  ids.stream().map(i -> "b").toList(),
                  true)));
    }
    entries.add(
        pub.putShard(
            "v1",
            0,
            Shard.of(
                Category.BAGS,
                DIM,
                TopKTest.randomRows(new SplittableRandom(3), 1, DIM, true),
                List.of("g0"),
                new float[1],
                List.of("b"),
                false)));
    pub.publish(
        new IndexManifest(
            1, "v1", "m", "1", DIM, "cosine", "float32", true, "2026-11-26T00:00:00Z", entries));
    IndexSnapshot snapshot =
        new IndexReader(store, Duration.ofMinutes(1), 1 << 20, null).snapshot();

    assertThat(snapshot.vectorOf(Category.TOPS, "t25"))
        .hasValueSatisfying(
            v -> assertThat(v).containsExactly(Arrays.copyOfRange(tops, 25 * DIM, 26 * DIM)));
    assertThat(snapshot.vectorOf(Category.TOPS, "g0")).as("other category").isEmpty();
    assertThat(snapshot.vectorOf(Category.BAGS, "g0")).isPresent();
    assertThat(snapshot.vectorOf(Category.HATS, "t1")).isEmpty();
    // the vector is a copy: changing it does not change the index
    snapshot.vectorOf(Category.TOPS, "t0").orElseThrow()[0] = 42f;
    assertThat(snapshot.vectorOf(Category.TOPS, "t0").orElseThrow()[0]).isNotEqualTo(42f);
  }
}
