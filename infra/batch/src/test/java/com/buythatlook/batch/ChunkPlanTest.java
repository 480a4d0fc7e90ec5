package com.buythatlook.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.storage.FileBlobStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkPlanTest {
  @TempDir Path out;

  private static Product product(String id, Category c) {
    return new Product(id, c, "t", "b", 2, "EUR", "c", "solid", "images/" + id + ".jpg");
  }

  private final List<Product> products =
      List.of(
          product("t3", Category.TOPS),
          product("b2", Category.BAGS),
          product("t1", Category.TOPS),
          product("t2", Category.TOPS),
          product("b1", Category.BAGS));

  @Test
  void chunksEachCategoryInProductIdOrder() {
    ChunkPlan plan = new ChunkPlan(new FileBlobStore(out), "v1", products, 2);

    assertThat(plan.chunks())
        .extracting(
            c ->
                c.category().wireName()
                    + "/"
                    + c.number()
                    + ":"
                    + c.products().stream().map(Product::productId).toList())
        .containsExactly("bags/0:[b1, b2]", "tops/0:[t1, t2]", "tops/1:[t3]");
    assertThat(plan.chunksOf(Category.TOPS)).hasSize(2);
    assertThat(plan.byCategory().keySet()).containsExactly(Category.BAGS, Category.TOPS);
    assertThat(plan.key(plan.chunks().get(2), "json")).isEqualTo("index/v1/_work/tops/1.json");
  }

  @Test
  void aChunkIsFinishedOnlyOnceBothItsFilesAreThere() throws Exception {
    FileBlobStore store = new FileBlobStore(out);
    ChunkPlan plan = new ChunkPlan(store, "v1", products, 2);
    ChunkPlan.Chunk tops = plan.chunks().get(1);
    assertThat(plan.finished(tops)).isEmpty();

    Shard rows =
        Shard.of(
            Category.TOPS,
            2,
            new float[] {1, 0, 0, 1},
            List.of("t1", "t2"),
            new float[] {2, 2},
            List.of("b", "b"),
            false);
    ChunkRecord record =
        new ChunkRecord(
            Map.of("t1", "aa", "t2", "bb"),
            List.of(new Failure("t9", "images/t9.jpg", "image missing")),
            1);
    plan.save(tops, rows, record);

    // a run started again (a new plan over the same output) sees the chunk as finished
    ChunkPlan again = new ChunkPlan(store, "v1", products, 2);
    assertThat(again.finished(again.chunks().get(1))).contains(record);
    assertThat(again.finished(again.chunks().get(0))).isEmpty();
    assertThat(again.rows(again.chunks().get(1)).productId(1)).isEqualTo("t2");

    // a record whose rows are gone is not enough
    store.delete(plan.key(tops, "shard"));
    assertThat(again.finished(again.chunks().get(1))).isEmpty();

    plan.save(tops, rows, record);
    again.deleteChunks();
    assertThat(store.list("index/v1/_work/")).isEmpty();
  }
}
