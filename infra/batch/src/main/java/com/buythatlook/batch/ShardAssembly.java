package com.buythatlook.batch;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexPublisher;
import com.buythatlook.core.index.Shard;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins each category's finished chunks (in order) into the version's shards, split at {@code
 * maxShardBytes}, and writes them. Chunks hold float32 rows only; the int8 copy, when asked for, is
 * made here over a whole shard, so its scale does not depend on the chunk size.
 */
final class ShardAssembly {

  /**
   * @param shards the written shards, for the manifest
   * @param indexed the products that have a row: the details published with the version
   */
  record Assembled(List<IndexManifest.ShardEntry> shards, List<Product> indexed) {}

  private ShardAssembly() {}

  static Assembled write(
      ChunkPlan plan, IndexPublisher publisher, int dim, boolean int8, long maxShardBytes)
      throws IOException {
    int perShard = IndexPublisher.rowsPerShard(dim, int8, maxShardBytes);
    List<IndexManifest.ShardEntry> entries = new ArrayList<>();
    List<Product> indexed = new ArrayList<>();
    for (Map.Entry<Category, List<Product>> e : plan.byCategory().entrySet()) {
      Category category = e.getKey();
      List<Shard> parts = new ArrayList<>();
      int count = 0;
      for (ChunkPlan.Chunk chunk : plan.chunksOf(category)) {
        Shard part = plan.rows(chunk);
        parts.add(part);
        count += part.count();
      }
      float[] rows = new float[count * dim];
      float[] prices = new float[count];
      List<String> ids = new ArrayList<>(count);
      List<String> brands = new ArrayList<>(count);
      Map<String, Product> ofCategory = new HashMap<>();
      e.getValue().forEach(p -> ofCategory.put(p.productId(), p));
      int at = 0;
      for (Shard s : parts) {
        for (int i = 0; i < s.count(); i++) {
          Product p = ofCategory.get(s.productId(i));
          if (p != null) { // null only for a chunk resumed from a catalog since changed
            indexed.add(p);
          }
        }
        System.arraycopy(s.rows(), 0, rows, at * dim, s.count() * dim);
        for (int i = 0; i < s.count(); i++) {
          prices[at + i] = s.price(i);
          ids.add(s.productId(i));
          brands.add(s.brand(i));
        }
        at += s.count();
      }
      int shardNo = 0;
      for (int[] r : IndexPublisher.splits(count, perShard)) {
        Shard shard =
            Shard.of(
                category,
                dim,
                Arrays.copyOfRange(rows, r[0] * dim, r[1] * dim),
                ids.subList(r[0], r[1]),
                Arrays.copyOfRange(prices, r[0], r[1]),
                brands.subList(r[0], r[1]),
                int8);
        entries.add(publisher.putShard(plan.version(), shardNo++, shard));
      }
    }
    return new Assembled(entries, indexed);
  }
}
