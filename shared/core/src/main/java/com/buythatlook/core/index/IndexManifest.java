package com.buythatlook.core.index;

import com.buythatlook.core.catalog.Category;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * {@code index/{version}/manifest.json}: what an index version holds. Written after every shard of
 * the version and before {@code index/CURRENT} names it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IndexManifest(
    int schema,
    String version,
    String modelName,
    String modelVersion,
    int dimension,
    String metric,
    String elementType,
    boolean int8,
    String createdAt,
    List<ShardEntry> shards,
    ProductFiles products,
    String modelSha256) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A version without product details (published before they were, or by hand): the query side then
   * has no title, price or image for its matches.
   */
  public IndexManifest(
      int schema,
      String version,
      String modelName,
      String modelVersion,
      int dimension,
      String metric,
      String elementType,
      boolean int8,
      String createdAt,
      List<ShardEntry> shards) {
    this(
        schema,
        version,
        modelName,
        modelVersion,
        dimension,
        metric,
        elementType,
        int8,
        createdAt,
        shards,
        null,
        null);
  }

  /** A version whose embedder's file hash is unknown (published before it was recorded). */
  public IndexManifest(
      int schema,
      String version,
      String modelName,
      String modelVersion,
      int dimension,
      String metric,
      String elementType,
      boolean int8,
      String createdAt,
      List<ShardEntry> shards,
      ProductFiles products) {
    this(
        schema,
        version,
        modelName,
        modelVersion,
        dimension,
        metric,
        elementType,
        int8,
        createdAt,
        shards,
        products,
        null);
  }

  /**
   * Whether this version's vectors come from the embedder named {@code embedderName} ({@code
   * name@version}) with model file hash {@code sha256} ({@code ""} for a built-in one): name,
   * version and hash all agree. A version that recorded no hash matches only a built-in embedder,
   * since an ONNX file cannot be told apart from another of the same name.
   */
  public boolean sameModel(String embedderName, String sha256) {
    String recorded = modelSha256 == null ? "" : modelSha256;
    return modelNameOf(embedderName).equals(modelName)
        && modelVersionOf(embedderName).equals(modelVersion == null ? "" : modelVersion)
        && recorded.equals(sha256 == null ? "" : sha256);
  }

  /**
   * As {@link #sameModel}, except that a version that recorded no hash (published before hashes
   * were recorded) is taken at its name and version: for deciding whether to serve it, not whether
   * to reuse its vectors.
   */
  public boolean mayBeModel(String embedderName, String sha256) {
    if (modelSha256 == null) {
      return modelNameOf(embedderName).equals(modelName)
          && modelVersionOf(embedderName).equals(modelVersion == null ? "" : modelVersion);
    }
    return sameModel(embedderName, sha256);
  }

  /** {@code name@version} (or just the name) and the short hash, for messages. */
  public String modelLabel() {
    String label =
        modelVersion == null || modelVersion.isEmpty() ? modelName : modelName + "@" + modelVersion;
    return modelSha256 == null || modelSha256.isEmpty()
        ? label
        : label + " (sha256 " + modelSha256.substring(0, Math.min(12, modelSha256.length())) + ")";
  }

  /**
   * The version's product details: {@code count} products as JSON lines spread over {@code files}
   * files {@code index/{version}/products/{n}.jsonl}, a product in file {@link
   * ProductDetails#fileOf(String, int)}. Every product that has a row in a shard is there.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ProductFiles(int files, int count) {}

  /** One shard of the version: its key relative to the store, size and CRC-32C. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ShardEntry(Category category, String key, int count, long bytes, long crc32c) {}

  /**
   * The model name of an embedder's {@code name@version} (ONNX embedders are named so; built-in
   * ones have no version): what {@link #modelName()} records.
   */
  public static String modelNameOf(String embedderName) {
    int at = embedderName.lastIndexOf('@');
    return at < 0 ? embedderName : embedderName.substring(0, at);
  }

  /** The version of an embedder's {@code name@version}, or {@code ""} when it has none. */
  public static String modelVersionOf(String embedderName) {
    int at = embedderName.lastIndexOf('@');
    return at < 0 ? "" : embedderName.substring(at + 1);
  }

  public List<ShardEntry> shardsOf(Category category) {
    return shards.stream().filter(s -> s.category() == category).toList();
  }

  public byte[] toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static IndexManifest fromJson(byte[] json, String name) {
    try {
      IndexManifest m = JSON.readValue(json, IndexManifest.class);
      if (m.version() == null || m.shards() == null || m.dimension() <= 0) {
        throw new IllegalArgumentException(name + " lacks version, dimension or shards");
      }
      return m;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          name + " is not a valid index manifest: " + e.getMessage(), e);
    }
  }
}
