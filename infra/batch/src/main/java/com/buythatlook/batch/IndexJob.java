package com.buythatlook.batch;

import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.progress.ProgressReporter;
import com.buythatlook.core.storage.BlobStore;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageRejectedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The catalog batch job: embeds every product image and publishes an index version.
 *
 * <p>The work is a {@link ChunkPlan}: chunks of products per category, each stored under {@code
 * index/{version}/_work/} before the next one starts, so a killed job run again skips every
 * finished chunk. A chunk's images go through the {@link EmbeddingPipeline} (decode and prepare on
 * workers, inference in batches). Only when all chunks are done does the {@link Publication}
 * assemble the shards ({@link ShardAssembly}), write the manifest and flip {@code index/CURRENT} —
 * so CURRENT never names an incomplete version. The default version name is a hash of the catalog
 * and the embedder, so re-running the same command resumes the same version.
 *
 * <p>With a base version ({@link BaseVersion}), products whose image bytes hash as before reuse the
 * base's vector, when the base was embedded by the same model.
 */
public final class IndexJob {
  // btl index's defaults (its options name them), which btl demo uses too
  /** Images per inference call. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Products per resumable unit of work. */
  public static final int DEFAULT_CHUNK_SIZE = 512;

  /** Largest shard, in MiB. */
  public static final int DEFAULT_SHARD_MB = 256;

  /** Whether an int8 copy of the vectors is stored. */
  public static final boolean DEFAULT_INT8 = true;

  /** The largest share of failed products with which a version is still published. */
  public static final double DEFAULT_MAX_FAILED_SHARE = 0.05;

  /**
   * @param version the version to write, or {@code null} for the content-derived default
   * @param base a published version whose unchanged vectors are reused, or {@code null}
   * @param chunkSize products per resumable unit of work
   * @param maxFailedShare the largest share (0..1) of the catalog's products that may fail (image
   *     missing or undecodable, line not a product) for the version to be published; a run that
   *     indexes no product at all is never published
   */
  public record Config(
      BlobStore catalog,
      BlobStore output,
      String version,
      String base,
      int workers,
      int batchSize,
      int chunkSize,
      long maxShardBytes,
      boolean int8,
      double maxFailedShare) {

    public Config {
      if (!(maxFailedShare >= 0 && maxFailedShare <= 1)) {
        throw new IllegalArgumentException(
            "the largest share of failed products must be between"
                + " 0 and 1; got "
                + maxFailedShare);
      }
    }

    /** With {@link #DEFAULT_MAX_FAILED_SHARE}. */
    public Config(
        BlobStore catalog,
        BlobStore output,
        String version,
        String base,
        int workers,
        int batchSize,
        int chunkSize,
        long maxShardBytes,
        boolean int8) {
      this(
          catalog,
          output,
          version,
          base,
          workers,
          batchSize,
          chunkSize,
          maxShardBytes,
          int8,
          DEFAULT_MAX_FAILED_SHARE);
    }
  }

  /** What a run did; times are seconds (decode is summed over workers). */
  public record Result(
      String version,
      boolean alreadyPublished,
      int products,
      int embedded,
      int reused,
      int resumedChunks,
      List<Failure> failures,
      double seconds,
      double decodeSeconds,
      double inferenceSeconds) {}

  private final Config config;
  private final Embedder embedder;
  private final ImageBytesDecoder decoder;
  private final PrintWriter log;
  private final boolean terminal;

  public IndexJob(
      Config config,
      Embedder embedder,
      ImageBytesDecoder decoder,
      PrintWriter log,
      boolean terminal) {
    if (config.chunkSize() <= 0 || config.batchSize() <= 0 || config.workers() <= 0) {
      throw new IllegalArgumentException("chunk size, batch size and workers must be positive");
    }
    this.config = config;
    this.embedder = embedder;
    this.decoder = decoder;
    this.log = log;
    this.terminal = terminal;
  }

  /**
   * @throws NotPublished when too many products failed or none was indexed
   * @throws IllegalArgumentException for another usage mistake (no catalog file, a bad --base)
   */
  public Result run() throws IOException {
    long t0 = System.nanoTime();
    CatalogFile catalog = CatalogFile.read(config.catalog());
    List<Product> products = catalog.products();
    List<Failure> failures = new ArrayList<>(catalog.failures());
    String version =
        config.version() != null
            ? IndexKeys.checkVersion(config.version())
            : defaultVersion(catalog.bytes());
    ChunkPlan plan = new ChunkPlan(config.output(), version, products, config.chunkSize());
    if (isPublished(version)) {
      // a run killed after flipping CURRENT but before its clean-up left work files behind
      plan.deleteWork();
      log.println("index: version " + version + " is already published; nothing to do");
      return new Result(version, true, products.size(), 0, 0, 0, List.of(), secs(t0), 0, 0);
    }
    BaseVersion base =
        config.base() == null
            ? BaseVersion.none()
            : BaseVersion.load(config.output(), config.base(), embedder, log);
    log.println(
        "index: "
            + products.size()
            + " products in "
            + plan.byCategory().size()
            + " categories → version "
            + version
            + " ("
            + plan.chunks().size()
            + " chunks of "
            + config.chunkSize()
            + ")");

    ProgressReporter progress =
        new ProgressReporter(log, "index: products", "img", products.size(), terminal);
    int embedded = 0;
    int reused = 0;
    int resumed = 0;
    Map<String, String> hashes = new TreeMap<>();
    double decodeSeconds;
    double inferenceSeconds;
    try (EmbeddingPipeline pipeline =
        new EmbeddingPipeline(embedder, decoder, config.workers(), config.batchSize())) {
      for (ChunkPlan.Chunk chunk : plan.chunks()) {
        Optional<ChunkRecord> done = plan.finished(chunk);
        ChunkRecord record;
        if (done.isPresent()) {
          record = done.get();
          resumed++;
        } else {
          record = embedChunk(plan, chunk, base, pipeline);
          embedded += chunk.products().size() - record.failures().size() - record.reused();
          reused += record.reused();
        }
        hashes.putAll(record.hashes());
        failures.addAll(record.failures());
        progress.step(chunk.products().size());
      }
      decodeSeconds = pipeline.decodeSeconds();
      inferenceSeconds = pipeline.inferenceSeconds();
    }
    progress.finish();
    if (resumed > 0) {
      log.println("index: resumed " + resumed + " finished chunks from an earlier run");
    }

    Publication publication = new Publication(config.output(), version, log);
    publication.refuseIfFailed(
        plan, catalog.entries(), hashes.size(), failures, config.maxFailedShare());
    publication.publish(plan, embedder, config.int8(), config.maxShardBytes(), hashes, failures);
    return new Result(
        version,
        false,
        products.size(),
        embedded,
        reused,
        resumed,
        List.copyOf(failures),
        secs(t0),
        decodeSeconds,
        inferenceSeconds);
  }

  private boolean isPublished(String version) throws IOException {
    Optional<byte[]> current = config.output().get(IndexKeys.CURRENT);
    return current.isPresent()
        && new String(current.get(), StandardCharsets.UTF_8).strip().equals(version)
        && config.output().exists(IndexKeys.manifest(version));
  }

  /**
   * Embeds one chunk and stores it as finished. Image bytes are read and hashed first, so products
   * whose image is unchanged since the base never reach the decoder.
   */
  private ChunkRecord embedChunk(
      ChunkPlan plan, ChunkPlan.Chunk chunk, BaseVersion base, EmbeddingPipeline pipeline)
      throws IOException {
    int dim = embedder.dimension();
    List<Failure> failures = new ArrayList<>();
    Map<String, String> hashes = new LinkedHashMap<>();
    Map<Product, float[]> vectorOf = new HashMap<>();
    List<Product> toEmbed = new ArrayList<>();
    List<byte[]> toEmbedBytes = new ArrayList<>();
    int reused = 0;
    for (Product p : chunk.products()) {
      Optional<byte[]> bytes =
          p.image() == null ? Optional.empty() : config.catalog().get(p.image());
      if (bytes.isEmpty()) {
        failures.add(new Failure(p.productId(), p.image(), "image missing"));
        continue;
      }
      String hash = sha256(bytes.get());
      hashes.put(p.productId(), hash);
      float[] vector = base.reusable(p.productId(), hash, dim);
      if (vector != null) {
        vectorOf.put(p, vector);
        reused++;
      } else {
        toEmbed.add(p);
        toEmbedBytes.add(bytes.get());
      }
    }
    for (Failure f : pipeline.embed(toEmbed, toEmbedBytes, vectorOf)) {
      hashes.remove(f.productId());
      failures.add(f);
    }

    List<Product> kept = chunk.products().stream().filter(vectorOf::containsKey).toList();
    float[] rows = new float[kept.size() * dim];
    float[] prices = new float[kept.size()];
    List<String> ids = new ArrayList<>();
    List<String> brands = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      Product p = kept.get(i);
      System.arraycopy(vectorOf.get(p), 0, rows, i * dim, dim);
      prices[i] = (float) p.price();
      ids.add(p.productId());
      brands.add(p.brand() == null ? "" : p.brand());
    }
    Shard shard = Shard.of(chunk.category(), dim, rows, ids, prices, brands, false);
    ChunkRecord record = new ChunkRecord(hashes, failures, reused);
    plan.save(chunk, shard, record);
    return record;
  }

  private String defaultVersion(byte[] productsBytes) {
    MessageDigest md = sha();
    md.update(productsBytes);
    md.update(embedder.name().getBytes(StandardCharsets.UTF_8));
    md.update(Integer.toString(embedder.dimension()).getBytes(StandardCharsets.UTF_8));
    md.update(embedder.modelSha256().getBytes(StandardCharsets.UTF_8));
    md.update(Boolean.toString(config.int8()).getBytes(StandardCharsets.UTF_8));
    return "v-" + HexFormat.of().formatHex(md.digest()).substring(0, 12);
  }

  /**
   * The serving path's decoder (same limits, formats — JPEG, PNG, WebP — and EXIF handling), with a
   * rejected image as an {@link IOException} that gives the reason.
   */
  public static ImageBytesDecoder servingDecoder() {
    ImageDecoder decoder = ImageDecoder.withDefaultLimits();
    return (bytes, name) -> {
      try {
        return decoder.decode(bytes);
      } catch (ImageRejectedException e) {
        throw new IOException(e.getMessage(), e);
      }
    };
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha().digest(bytes));
  }

  private static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
