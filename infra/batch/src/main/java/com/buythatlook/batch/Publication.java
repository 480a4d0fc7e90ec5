package com.buythatlook.batch;

import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexPublisher;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.storage.BlobStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a run: the report of failures ({@code index/{version}/report.json}) and, when the run
 * may be published, the shards, the product details, the image hashes {@code --base} reads, the
 * manifest and last {@code index/CURRENT}; then the work files go.
 */
final class Publication {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlobStore output;
  private final String version;
  private final PrintWriter log;

  Publication(BlobStore output, String version, PrintWriter log) {
    this.output = output;
    this.version = version;
    this.log = log;
  }

  /**
   * Refuses to publish a version that indexes nothing, or more of whose products failed than {@code
   * maxFailedShare} allows (a catalog folder one level off finds no image at all). The report is
   * written; the version's work files are deleted, since the chunks hold the failures: the same
   * command on a corrected catalog (the same version name, as the products are the same) must read
   * the images again, not resume them.
   *
   * @param entries the catalog's lines, products or not
   * @param indexed the products that have a vector
   * @throws NotPublished when the run must not be published
   */
  void refuseIfFailed(
      ChunkPlan plan, int entries, int indexed, List<Failure> failures, double maxFailedShare)
      throws IOException {
    double share = entries == 0 ? 1 : failures.size() / (double) entries;
    if (indexed > 0 && share <= maxFailedShare) {
      return;
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("version", version);
    report.put("published", false);
    report.put("failed", failures.size());
    report.put("failures", failures);
    output.put(reportKey(version), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    plan.deleteWork();
    String first =
        failures.isEmpty()
            ? ""
            : "; first: "
                + failures.get(0).reason()
                + (failures.get(0).image() == null ? "" : " for " + failures.get(0).image());
    String unchanged =
        "so version "
            + version
            + " was not published and "
            + IndexKeys.CURRENT
            + " is unchanged (see "
            + reportKey(version)
            + ")";
    if (indexed == 0) {
      throw new NotPublished(
          String.format(
              Locale.ROOT,
              "no product was indexed (%d of %d failed%s), %s; check that --catalog is the data set"
                  + " folder whose products.jsonl names the images",
              failures.size(),
              entries,
              first,
              unchanged));
    }
    throw new NotPublished(
        String.format(
            Locale.ROOT,
            "%d of %d products failed (%.1f%%, more than the allowed %.1f%%%s), %s; fix them or"
                + " raise --max-failed-share",
            failures.size(),
            entries,
            share * 100,
            maxFailedShare * 100,
            first,
            unchanged));
  }

  /**
   * Assembles the shards from the plan's finished chunks, writes the details, hashes and report,
   * then the manifest and {@code index/CURRENT} ({@link IndexPublisher#publish}), then deletes the
   * chunk files.
   *
   * @param hashes the image content hash of every indexed product
   */
  void publish(
      ChunkPlan plan,
      Embedder embedder,
      boolean int8,
      long maxShardBytes,
      Map<String, String> hashes,
      List<Failure> failures)
      throws IOException {
    int dim = embedder.dimension();
    IndexPublisher publisher = new IndexPublisher(output);
    ShardAssembly.Assembled assembled =
        ShardAssembly.write(plan, publisher, dim, int8, maxShardBytes);
    IndexManifest.ProductFiles details = publisher.putProducts(version, assembled.indexed());
    output.put(hashesKey(version), JSON.writeValueAsBytes(hashes));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("version", version);
    report.put("failed", failures.size());
    report.put("failures", failures);
    output.put(reportKey(version), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    // ONNX embedders are named "name@version" (the manifest's); built-in ones have no version
    String model = embedder.name();
    publisher.publish(
        new IndexManifest(
            1,
            version,
            IndexManifest.modelNameOf(model),
            IndexManifest.modelVersionOf(model),
            dim,
            "cosine",
            "float32",
            int8,
            Instant.now().toString(),
            assembled.shards(),
            details,
            embedder.modelSha256()));
    // the work files have served their purpose once CURRENT names the version
    plan.deleteChunks();
    log.println(
        "index: published "
            + version
            + " ("
            + assembled.shards().size()
            + " shards,"
            + " details of "
            + details.count()
            + " products); "
            + failures.size()
            + " products not indexed, see "
            + reportKey(version));
  }

  static String hashesKey(String version) {
    return "index/" + version + "/image-hashes.json";
  }

  static String reportKey(String version) {
    return "index/" + version + "/report.json";
  }
}
