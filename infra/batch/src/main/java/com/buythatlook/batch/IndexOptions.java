package com.buythatlook.batch;

import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.progress.ProgressReporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The job's options, shared by {@code btl index} and the container's {@code btl-index} (a picocli
 * mixin), and the run they describe: stores and embedder opened, the job run, the summary printed.
 */
public final class IndexOptions {
  /** The commands' description, first paragraph. */
  public static final String SUMMARY =
      "Embeds every catalog product and publishes an index version: shards per category, then"
          + " manifest.json, then index/CURRENT (written last, so readers never see a half-written"
          + " version).";

  /** The commands' description, second paragraph. */
  public static final String RESUMING =
      "Resumable: run the same command again after a crash or kill and it skips the chunks that"
          + " were finished. Incremental: --base reuses the vectors of products whose image bytes"
          + " did not change. Products with a missing or corrupt image are listed in"
          + " index/VERSION/report.json and do not stop the job.";

  // Not mixinStandardHelpOptions: its -V/--version would clash with --version NAME below.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--catalog",
      required = true,
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description =
          "Folder or S3 prefix holding catalog/products.jsonl (a folder written by"
              + " 'btl generate') or products.jsonl (the bucket's catalog/ prefix), and the images"
              + " it names, relative to that folder or prefix.")
  String catalog;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description = "Folder or S3 prefix where index/{version}/… and index/CURRENT are written.")
  String out;

  @Option(
      names = "--embedder",
      defaultValue = EmbedderChoice.DEFAULT,
      paramLabel = "NAME|DIR",
      description =
          "'histogram' (colour-histogram baseline), 'default' (infra/models/embedder)"
              + " or a model folder with model.onnx + model.json. Default: ${DEFAULT-VALUE}.")
  String embedderSpec;

  @Option(
      names = "--version",
      paramLabel = "NAME",
      description =
          "Version name to write (letters, digits, '.', '_', '-'). Default: 'v-' + a hash"
              + " of the catalog and the embedder, so re-running resumes the same version.")
  String version;

  @Option(
      names = "--base",
      paramLabel = "VERSION",
      description =
          "A published version in --out whose vectors are reused for products whose image"
              + " content hash is unchanged.")
  String base;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Image decoding and preprocessing threads. Default: the number of processors.")
  Integer workers;

  @Option(
      names = "--batch",
      defaultValue = "" + IndexJob.DEFAULT_BATCH_SIZE,
      paramLabel = "N",
      description = "Images per inference call. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(
      names = "--chunk",
      defaultValue = "" + IndexJob.DEFAULT_CHUNK_SIZE,
      paramLabel = "N",
      description = "Products per resumable unit of work. Default: ${DEFAULT-VALUE}.")
  int chunk;

  @Option(
      names = "--shard-mb",
      defaultValue = "" + IndexJob.DEFAULT_SHARD_MB,
      paramLabel = "MB",
      description =
          "Split a category's vectors into shards of at most this size. Default:"
              + " ${DEFAULT-VALUE}.")
  long shardMb;

  @Option(
      names = "--int8",
      negatable = true,
      defaultValue = "" + IndexJob.DEFAULT_INT8,
      fallbackValue = "true",
      description =
          "Store an int8 copy of the vectors for a fast first pass (exact re-ranking"
              + " follows). Default: ${DEFAULT-VALUE}.")
  boolean int8;

  @Option(
      names = "--max-failed-share",
      defaultValue = "" + IndexJob.DEFAULT_MAX_FAILED_SHARE,
      paramLabel = "SHARE",
      description =
          "Publish nothing (exit 2, CURRENT unchanged) when more than this share of the"
              + " products fail (image missing or unreadable), or when none is indexed. Default:"
              + " ${DEFAULT-VALUE}.")
  double maxFailedShare;

  /**
   * Runs the job: its log and progress go to {@code err}, the summary to {@code out}.
   *
   * @return the exit status, 0
   * @throws IllegalArgumentException for a usage mistake, with one sentence ({@link NotPublished}
   *     when the run was not published)
   */
  public int run(PrintWriter out, PrintWriter err) throws IOException {
    if (batch <= 0 || chunk <= 0 || shardMb <= 0 || (workers != null && workers <= 0)) {
      throw new IllegalArgumentException(
          "--batch, --chunk, --shard-mb and --workers must be" + " positive");
    }
    if (!(maxFailedShare >= 0 && maxFailedShare <= 1)) {
      throw new IllegalArgumentException(
          "--max-failed-share must be between 0 and 1; got " + maxFailedShare);
    }
    Embedder embedder = EmbedderChoice.open(embedderSpec);
    int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    IndexJob.Result r;
    try {
      IndexJob.Config config =
          new IndexJob.Config(
              Stores.open("--catalog", catalog, true),
              Stores.open("--out", this.out, false),
              version,
              base,
              threads,
              batch,
              chunk,
              shardMb << 20,
              int8,
              maxFailedShare);
      r =
          new IndexJob(
                  config, embedder, IndexJob.servingDecoder(), err, ProgressReporter.isTerminal())
              .run();
    } finally {
      EmbedderChoice.close(embedder);
    }
    if (r.alreadyPublished()) {
      out.println(r.version() + " is already published in " + this.out);
      return 0;
    }
    out.printf(
        Locale.ROOT,
        "version %s: %d products, %d embedded, %d reused from --base, %d chunks resumed, %d"
            + " failed%n",
        r.version(),
        r.products(),
        r.embedded(),
        r.reused(),
        r.resumedChunks(),
        r.failures().size());
    out.printf(
        Locale.ROOT,
        "time %.1f s: %.1f images/s; decode and preprocessing %.1f s (summed over %d workers),"
            + " inference %.1f s%n",
        r.seconds(),
        r.embedded() / Math.max(1e-9, r.seconds()),
        r.decodeSeconds(),
        threads,
        r.inferenceSeconds());
    return 0;
  }
}
