package com.buythatlook.batch;

import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.index.ShardFormat;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.storage.BlobStore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --base}: the vectors of a published version, offered for reuse to products whose image
 * bytes hash as they did then. Only when the base was embedded by the same model (name, version and
 * sha256 of the file, as its manifest records them); otherwise nothing is offered and every product
 * is embedded again.
 */
final class BaseVersion {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A base product's image hash and vector. */
  record Entry(String hash, float[] vector) {}

  private final Map<String, Entry> byProduct;

  private BaseVersion(Map<String, Entry> byProduct) {
    this.byProduct = byProduct;
  }

  /** No base: nothing to reuse. */
  static BaseVersion none() {
    return new BaseVersion(Map.of());
  }

  /**
   * Reads {@code version} from {@code output}.
   *
   * @throws IllegalArgumentException when it is not published there or its dimension differs
   */
  static BaseVersion load(BlobStore output, String version, Embedder embedder, PrintWriter log)
      throws IOException {
    IndexKeys.checkVersion(version);
    byte[] manifestBytes =
        output
            .get(IndexKeys.manifest(version))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--base "
                            + version
                            + ": no such published"
                            + " version in "
                            + output.describe()));
    IndexManifest manifest = IndexManifest.fromJson(manifestBytes, IndexKeys.manifest(version));
    if (manifest.dimension() != embedder.dimension()) {
      throw new IllegalArgumentException(
          "--base "
              + version
              + " has dimension "
              + manifest.dimension()
              + " but the embedder"
              + " gives "
              + embedder.dimension()
              + ": re-index without --base");
    }
    if (!manifest.sameModel(embedder.name(), embedder.modelSha256())) {
      // same dimension, other model: its vectors live in another space and must not be mixed
      log.println(
          "index: base "
              + version
              + " was embedded with "
              + manifest.modelLabel()
              + ", not "
              + embedder.name()
              + describeSha(embedder.modelSha256())
              + "; re-embedding every product");
      return none();
    }
    Map<String, String> hashes =
        JSON.readValue(
            output
                .get(Publication.hashesKey(version))
                .orElse("{}".getBytes(StandardCharsets.UTF_8)),
            new TypeReference<Map<String, String>>() {});
    Map<String, Entry> out = new HashMap<>();
    for (IndexManifest.ShardEntry e : manifest.shards()) {
      Shard s =
          ShardFormat.read(
              output
                  .get(e.key())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "--base " + version + " lacks shard " + e.key())),
              e.key());
      for (int i = 0; i < s.count(); i++) {
        String h = hashes.get(s.productId(i));
        if (h != null) {
          out.put(
              s.productId(i),
              new Entry(h, Arrays.copyOfRange(s.rows(), i * s.dim(), (i + 1) * s.dim())));
        }
      }
    }
    log.println("index: base " + version + " offers " + out.size() + " vectors for reuse");
    return new BaseVersion(out);
  }

  /** The base's vector of {@code productId} when its image hashed as {@code hash}, else null. */
  float[] reusable(String productId, String hash, int dimension) {
    Entry e = byProduct.get(productId);
    return e != null && e.hash().equals(hash) && e.vector().length == dimension ? e.vector() : null;
  }

  private static String describeSha(String sha) {
    return sha.isEmpty() ? "" : " (sha256 " + sha.substring(0, Math.min(12, sha.length())) + ")";
  }
}
