package com.buythatlook.batch;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.index.ShardFormat;
import com.buythatlook.core.storage.BlobStore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job's units of work and where a run left them. Products are grouped by category and cut, in
 * product-id order, into chunks of at most {@code chunkSize}. A finished chunk leaves its rows
 * ({@code index/{version}/_work/{category}/{n}.shard}) and then its {@link ChunkRecord} ({@code
 * …/{n}.json}) before the next one starts, so a chunk with both files is done and a killed run,
 * started again with the same version, skips it.
 */
final class ChunkPlan {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The {@code number}-th chunk of {@code category}'s products. */
  record Chunk(Category category, int number, List<Product> products) {}

  private final BlobStore output;
  private final String version;
  private final int chunkSize;
  private final Map<Category, List<Product>> byCategory;
  private final List<Chunk> chunks;

  ChunkPlan(BlobStore output, String version, List<Product> products, int chunkSize) {
    this.output = output;
    this.version = version;
    this.chunkSize = chunkSize;
    Map<Category, List<Product>> groups = new EnumMap<>(Category.class);
    for (Product p : products) {
      groups.computeIfAbsent(p.category(), c -> new ArrayList<>()).add(p);
    }
    List<Chunk> all = new ArrayList<>();
    for (Map.Entry<Category, List<Product>> e : groups.entrySet()) {
      List<Product> ps = e.getValue();
      ps.sort(Comparator.comparing(Product::productId));
      for (int n = 0, start = 0; start < ps.size(); n++, start += chunkSize) {
        all.add(
            new Chunk(
                e.getKey(),
                n,
                List.copyOf(ps.subList(start, Math.min(ps.size(), start + chunkSize)))));
      }
      e.setValue(Collections.unmodifiableList(ps));
    }
    this.byCategory = Collections.unmodifiableMap(groups);
    this.chunks = List.copyOf(all);
  }

  String version() {
    return version;
  }

  int chunkSize() {
    return chunkSize;
  }

  /** Each category's products in product-id order, categories in enum order. */
  Map<Category, List<Product>> byCategory() {
    return byCategory;
  }

  /** All chunks: category by category, each category's in order. */
  List<Chunk> chunks() {
    return chunks;
  }

  /** {@code category}'s chunks, in order. */
  List<Chunk> chunksOf(Category category) {
    return chunks.stream().filter(c -> c.category() == category).toList();
  }

  /** The record of {@code chunk} when an earlier run finished it: both of its files exist. */
  Optional<ChunkRecord> finished(Chunk chunk) throws IOException {
    Optional<byte[]> done = output.get(key(chunk, "json"));
    if (done.isPresent() && output.exists(key(chunk, "shard"))) {
      return Optional.of(JSON.readValue(done.get(), ChunkRecord.class));
    }
    return Optional.empty();
  }

  /** Stores a finished chunk: its rows first, then the record that marks it finished. */
  void save(Chunk chunk, Shard rows, ChunkRecord record) throws IOException {
    output.put(key(chunk, "shard"), ShardFormat.toBytes(rows));
    output.put(key(chunk, "json"), JSON.writeValueAsBytes(record));
  }

  /** The rows a finished chunk stored. */
  Shard rows(Chunk chunk) throws IOException {
    String key = key(chunk, "shard");
    return ShardFormat.read(output.get(key).orElseThrow(), key);
  }

  /** Deletes every work file of the version, this plan's chunks or any other. */
  void deleteWork() throws IOException {
    for (String k : output.list("index/" + version + "/_work/")) {
      output.delete(k);
    }
  }

  /** Deletes this plan's chunk files (what a published version leaves behind). */
  void deleteChunks() throws IOException {
    for (Chunk c : chunks) {
      output.delete(key(c, "shard"));
      output.delete(key(c, "json"));
    }
  }

  String key(Chunk chunk, String ext) {
    return workKey(version, chunk.category(), chunk.number(), ext);
  }

  static String workKey(String version, Category category, int n, String ext) {
    return "index/" + version + "/_work/" + category.wireName() + "/" + n + "." + ext;
  }
}
