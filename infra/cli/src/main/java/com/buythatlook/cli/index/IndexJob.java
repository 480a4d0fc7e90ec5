package com.buythatlook.cli.index;

import com.buythatlook.cli.progress.ProgressReporter;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.catalog.ProductsJsonl;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.storage.BlobStore;
import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexPublisher;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.index.ShardFormat;
import com.buythatlook.core.model.Embedder;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.image.ImageDecoder;
import com.buythatlook.vision.image.ImageRejectedException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The catalog batch job: embeds every product image and publishes an index version.
 *
 * <p>Work is cut into chunks of products (per category, in product-id order). A finished chunk is
 * stored under {@code index/{version}/_work/} before the next one starts, so a killed job run
 * again skips every finished chunk. Only when all chunks are done are the shards assembled, the
 * manifest written and {@code index/CURRENT} flipped — so CURRENT never names an incomplete
 * version. The default version name is a hash of the catalog and the embedder, so re-running the
 * same command resumes the same version.
 *
 * <p>With a base version, products whose image bytes hash as before reuse the base's vector —
 * only when the base was embedded by the same model (name, version and sha256 of the file, as
 * the index manifest records them); otherwise every product is embedded again.
 */
public final class IndexJob {
  static final String PRODUCTS_KEY = Layout.PRODUCTS_JSONL;
  /**
   * The bucket layout (docs/architecture.md): the catalog prefix holds {@code products.jsonl} beside
   * {@code images/}, so {@code --catalog s3://bucket/catalog/} reads {@code
   * catalog/products.jsonl} and {@code catalog/images/…}.
   */
  static final String FLAT_PRODUCTS_KEY = "products.jsonl";

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

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
        throw new IllegalArgumentException("the largest share of failed products must be between"
            + " 0 and 1; got " + maxFailedShare);
      }
    }

    /** With {@link #DEFAULT_MAX_FAILED_SHARE}. */
    public Config(BlobStore catalog, BlobStore output, String version, String base, int workers,
        int batchSize, int chunkSize, long maxShardBytes, boolean int8) {
      this(catalog, output, version, base, workers, batchSize, chunkSize, maxShardBytes, int8,
          DEFAULT_MAX_FAILED_SHARE);
    }
  }

  /**
   * A run that did not publish: too many products failed, or none was indexed. {@code
   * index/CURRENT} is left as it was; the report of failures is written.
   */
  public static final class NotPublished extends IllegalArgumentException {
    NotPublished(String message) {
      super(message);
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
  private final AtomicLong decodeNanos = new AtomicLong();
  private long inferenceNanos;

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

  public Result run() throws IOException {
    long t0 = System.nanoTime();
    String productsKey = PRODUCTS_KEY;
    Optional<byte[]> found = config.catalog().get(productsKey);
    if (found.isEmpty()) {
      productsKey = FLAT_PRODUCTS_KEY;
      found = config.catalog().get(productsKey);
    }
    byte[] productsBytes =
        found.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no " + PRODUCTS_KEY + " or " + FLAT_PRODUCTS_KEY + " in "
                        + config.catalog().describe() + ": point --catalog at a data set folder"
                        + " (see 'btl generate') or at the bucket's catalog/ prefix"));
    List<Failure> failures = new ArrayList<>();
    List<Product> products = parseProducts(productsKey, productsBytes, failures);
    int entries = products.size() + failures.size(); // lines that are not products count too
    String version =
        config.version() != null
            ? IndexKeys.checkVersion(config.version())
            : defaultVersion(productsBytes);
    Optional<byte[]> current = config.output().get(IndexKeys.CURRENT);
    if (current.isPresent()
        && new String(current.get(), StandardCharsets.UTF_8).strip().equals(version)
        && config.output().exists(IndexKeys.manifest(version))) {
      // a run killed after flipping CURRENT but before its clean-up left work files behind
      for (String k : config.output().list("index/" + version + "/_work/")) {
        config.output().delete(k);
      }
      log.println("index: version " + version + " is already published; nothing to do");
      return new Result(version, true, products.size(), 0, 0, 0, List.of(), secs(t0), 0, 0);
    }
    Map<String, Base> base = config.base() == null ? Map.of() : loadBase(config.base());

    Map<Category, List<Product>> byCategory = new EnumMap<>(Category.class);
    for (Product p : products) {
      byCategory.computeIfAbsent(p.category(), c -> new ArrayList<>()).add(p);
    }
    int totalChunks = 0;
    for (List<Product> ps : byCategory.values()) {
      ps.sort(Comparator.comparing(Product::productId));
      totalChunks += (ps.size() + config.chunkSize() - 1) / config.chunkSize();
    }
    log.println(
        "index: " + products.size() + " products in " + byCategory.size() + " categories → version "
            + version + " (" + totalChunks + " chunks of " + config.chunkSize() + ")");

    ProgressReporter progress =
        new ProgressReporter(log, "index: products", "img", products.size(), terminal);
    int embedded = 0;
    int reused = 0;
    int resumed = 0;
    Map<String, String> hashes = new TreeMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(config.workers(), daemonThreads());
    try {
      for (Map.Entry<Category, List<Product>> e : byCategory.entrySet()) {
        List<Product> ps = e.getValue();
        for (int n = 0, start = 0; start < ps.size(); n++, start += config.chunkSize()) {
          List<Product> chunk = ps.subList(start, Math.min(ps.size(), start + config.chunkSize()));
          String jsonKey = workKey(version, e.getKey(), n, "json");
          Optional<byte[]> done = config.output().get(jsonKey);
          ChunkRecord record;
          if (done.isPresent() && config.output().exists(workKey(version, e.getKey(), n, "shard"))) {
            record = JSON.readValue(done.get(), ChunkRecord.class);
            resumed++;
          } else {
            record = processChunk(version, e.getKey(), n, chunk, base, pool);
            embedded += chunk.size() - record.failures().size() - record.reused();
            reused += record.reused();
          }
          hashes.putAll(record.hashes());
          failures.addAll(record.failures());
          progress.step(chunk.size());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
    if (resumed > 0) {
      log.println("index: resumed " + resumed + " finished chunks from an earlier run");
    }

    checkFailures(version, entries, hashes.size(), failures);
    publish(version, byCategory, hashes, failures);
    return new Result(version, false, products.size(), embedded, reused, resumed,
        List.copyOf(failures), secs(t0), decodeNanos.get() / 1e9, inferenceNanos / 1e9);
  }

  /**
   * Refuses to publish a version that indexes nothing, or more of whose products failed than
   * {@link Config#maxFailedShare()} allows (a catalog folder one level off finds no image at
   * all). The report is written; the version's work files are deleted, since the chunks hold
   * the failures: the same command on a corrected catalog (the same version name, as the
   * products are the same) must read the images again, not resume them.
   */
  private void checkFailures(String version, int entries, int indexed, List<Failure> failures)
      throws IOException {
    double share = entries == 0 ? 1 : failures.size() / (double) entries;
    if (indexed > 0 && share <= config.maxFailedShare()) {
      return;
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("version", version);
    report.put("published", false);
    report.put("failed", failures.size());
    report.put("failures", failures);
    config.output().put(reportKey(version),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    for (String k : config.output().list("index/" + version + "/_work/")) {
      config.output().delete(k);
    }
    String first = failures.isEmpty() ? "" : "; first: " + failures.get(0).reason()
        + (failures.get(0).image() == null ? "" : " for " + failures.get(0).image());
    String unchanged = "so version " + version + " was not published and " + IndexKeys.CURRENT
        + " is unchanged (see " + reportKey(version) + ")";
    if (indexed == 0) {
      throw new NotPublished(String.format(Locale.ROOT,
          "no product was indexed (%d of %d failed%s), %s; check that --catalog is the data set"
              + " folder whose products.jsonl names the images", failures.size(), entries, first,
          unchanged));
    }
    throw new NotPublished(String.format(Locale.ROOT,
        "%d of %d products failed (%.1f%%, more than the allowed %.1f%%%s), %s; fix them or"
            + " raise --max-failed-share", failures.size(), entries, share * 100,
        config.maxFailedShare() * 100, first, unchanged));
  }

  private ChunkRecord processChunk(
      String version,
      Category category,
      int n,
      List<Product> chunk,
      Map<String, Base> base,
      ExecutorService pool)
      throws IOException {
    int dim = embedder.dimension();
    List<Failure> failures = new ArrayList<>();
    Map<String, String> hashes = new LinkedHashMap<>();
    List<Product> kept = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    int reused = 0;

    // Read bytes and hash first: unchanged products never reach the decoder.
    List<Product> toEmbed = new ArrayList<>();
    List<byte[]> toEmbedBytes = new ArrayList<>();
    Map<Product, float[]> vectorOf = new HashMap<>();
    for (Product p : chunk) {
      Optional<byte[]> bytes = p.image() == null ? Optional.empty() : config.catalog().get(p.image());
      if (bytes.isEmpty()) {
        failures.add(new Failure(p.productId(), p.image(), "image missing"));
        continue;
      }
      String hash = sha256(bytes.get());
      hashes.put(p.productId(), hash);
      Base b = base.get(p.productId());
      if (b != null && b.hash().equals(hash) && b.vector().length == dim) {
        vectorOf.put(p, b.vector());
        reused++;
      } else {
        toEmbed.add(p);
        toEmbedBytes.add(bytes.get());
      }
    }

    // Decode on the worker pool a window ahead of inference, embed in batches. An ONNX
    // embedder's resize and tensor fill run on the workers too, beside the decoding, so that
    // the inference thread only runs the model.
    if (embedder instanceof OnnxEmbedder onnx) {
      embedAll(toEmbed, toEmbedBytes, pool, onnx::prepare, onnx::embedPrepared,
          vectorOf, hashes, failures);
    } else {
      embedAll(toEmbed, toEmbedBytes, pool, image -> image, embedder::embed,
          vectorOf, hashes, failures);
    }

    for (Product p : chunk) {
      float[] v = vectorOf.get(p);
      if (v != null) {
        kept.add(p);
        vectors.add(v);
      }
    }
    float[] rows = new float[kept.size() * dim];
    float[] prices = new float[kept.size()];
    List<String> ids = new ArrayList<>();
    List<String> brands = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      System.arraycopy(vectors.get(i), 0, rows, i * dim, dim);
      prices[i] = (float) kept.get(i).price();
      ids.add(kept.get(i).productId());
      brands.add(kept.get(i).brand() == null ? "" : kept.get(i).brand());
    }
    Shard shard = Shard.of(category, dim, rows, ids, prices, brands, false);
    config.output().put(workKey(version, category, n, "shard"), ShardFormat.toBytes(shard));
    ChunkRecord record = new ChunkRecord(hashes, failures, reused);
    config.output().put(workKey(version, category, n, "json"), JSON.writeValueAsBytes(record));
    return record;
  }

  /**
   * Decodes {@code products}' images on {@code pool}, turns each into what {@code embed} takes
   * there too ({@code prepare}), and embeds them in batches on this thread. An image that cannot
   * be decoded is a failure of its product; a {@code prepare} failure fails the job, as it would
   * inside {@code embed}.
   */
  private <T> void embedAll(
      List<Product> products,
      List<byte[]> bytesOf,
      ExecutorService pool,
      Function<RgbImage, T> prepare,
      Function<List<T>, float[][]> embed,
      Map<Product, float[]> vectorOf,
      Map<String, String> hashes,
      List<Failure> failures)
      throws IOException {
    int window = config.batchSize() * Math.max(2, config.workers());
    for (int w = 0; w < products.size(); w += window) {
      int end = Math.min(products.size(), w + window);
      List<Future<T>> decoded = new ArrayList<>();
      for (int i = w; i < end; i++) {
        byte[] bytes = bytesOf.get(i);
        String name = products.get(i).image();
        decoded.add(pool.submit(() -> timedPrepare(bytes, name, prepare)));
      }
      List<Product> batch = new ArrayList<>();
      List<T> inputs = new ArrayList<>();
      for (int i = w; i < end; i++) {
        Product p = products.get(i);
        try {
          inputs.add(decoded.get(i - w).get());
          batch.add(p);
        } catch (ExecutionException ex) {
          if (ex.getCause() instanceof PrepareFailed f) {
            throw f.getCause();
          }
          hashes.remove(p.productId());
          failures.add(new Failure(p.productId(), p.image(), "image could not be decoded: "
              + ex.getCause().getMessage()));
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", ex);
        }
        if (inputs.size() == config.batchSize() || (i == end - 1 && !inputs.isEmpty())) {
          long t = System.nanoTime();
          float[][] out = embed.apply(inputs);
          inferenceNanos += System.nanoTime() - t;
          for (int j = 0; j < out.length; j++) {
            vectorOf.put(batch.get(j), out[j]);
          }
          batch.clear();
          inputs.clear();
        }
      }
    }
  }

  /** Carries a {@code prepare} failure out of a worker, apart from decoding failures. */
  private static final class PrepareFailed extends Exception {
    PrepareFailed(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }

  private <T> T timedPrepare(byte[] bytes, String name, Function<RgbImage, T> prepare)
      throws IOException, PrepareFailed {
    long t = System.nanoTime();
    try {
      RgbImage image = decoder.decode(bytes, name);
      try {
        return prepare.apply(image);
      } catch (RuntimeException e) {
        throw new PrepareFailed(e);
      }
    } finally {
      decodeNanos.addAndGet(System.nanoTime() - t);
    }
  }

  /** Assembles each category's chunks into shards, then manifest, then CURRENT. */
  private void publish(
      String version,
      Map<Category, List<Product>> byCategory,
      Map<String, String> hashes,
      List<Failure> failures)
      throws IOException {
    int dim = embedder.dimension();
    IndexPublisher publisher = new IndexPublisher(config.output());
    int perShard = IndexPublisher.rowsPerShard(dim, config.int8(), config.maxShardBytes());
    List<IndexManifest.ShardEntry> entries = new ArrayList<>();
    List<String> workKeys = new ArrayList<>();
    // the details shown with this version's matches: exactly the products that have a row
    List<Product> indexed = new ArrayList<>();
    for (Map.Entry<Category, List<Product>> e : byCategory.entrySet()) {
      Category category = e.getKey();
      int chunks = (e.getValue().size() + config.chunkSize() - 1) / config.chunkSize();
      // concatenate the chunk rows of the category
      List<Shard> parts = new ArrayList<>();
      int count = 0;
      for (int n = 0; n < chunks; n++) {
        String key = workKey(version, category, n, "shard");
        parts.add(ShardFormat.read(config.output().get(key).orElseThrow(), key));
        count += parts.get(n).count();
        workKeys.add(key);
        workKeys.add(workKey(version, category, n, "json"));
      }
      float[] rows = new float[count * dim];
      float[] prices = new float[count];
      List<String> ids = new ArrayList<>(count);
      List<String> brands = new ArrayList<>(count);
      int at = 0;
      Map<String, Product> ofCategory = new HashMap<>();
      e.getValue().forEach(p -> ofCategory.put(p.productId(), p));
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
                java.util.Arrays.copyOfRange(rows, r[0] * dim, r[1] * dim),
                ids.subList(r[0], r[1]),
                java.util.Arrays.copyOfRange(prices, r[0], r[1]),
                brands.subList(r[0], r[1]),
                config.int8());
        entries.add(publisher.putShard(version, shardNo++, shard));
      }
    }
    IndexManifest.ProductFiles details = publisher.putProducts(version, indexed);
    config.output().put(hashesKey(version), JSON.writeValueAsBytes(hashes));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("version", version);
    report.put("failed", failures.size());
    report.put("failures", failures);
    config.output().put(reportKey(version),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    // ONNX embedders are named "name@version" (the manifest's); built-in ones have no version
    String model = embedder.name();
    publisher.publish(
        new IndexManifest(1, version, IndexManifest.modelNameOf(model),
            IndexManifest.modelVersionOf(model), dim, "cosine", "float32", config.int8(),
            Instant.now().toString(), entries, details, embedder.modelSha256()));
    // the work files have served their purpose once CURRENT names the version
    for (String k : workKeys) {
      config.output().delete(k);
    }
    log.println("index: published " + version + " (" + entries.size() + " shards, details of "
        + details.count() + " products); "
        + failures.size() + " products not indexed, see " + reportKey(version));
  }

  private record Base(String hash, float[] vector) {}

  private Map<String, Base> loadBase(String baseVersion) throws IOException {
    IndexKeys.checkVersion(baseVersion);
    byte[] manifestBytes =
        config.output()
            .get(IndexKeys.manifest(baseVersion))
            .orElseThrow(
                () -> new IllegalArgumentException("--base " + baseVersion + ": no such published"
                    + " version in " + config.output().describe()));
    IndexManifest manifest = IndexManifest.fromJson(manifestBytes, IndexKeys.manifest(baseVersion));
    if (manifest.dimension() != embedder.dimension()) {
      throw new IllegalArgumentException(
          "--base " + baseVersion + " has dimension " + manifest.dimension() + " but the embedder"
              + " gives " + embedder.dimension() + ": re-index without --base");
    }
    if (!manifest.sameModel(embedder.name(), embedder.modelSha256())) {
      // same dimension, other model: its vectors live in another space and must not be mixed
      log.println("index: base " + baseVersion + " was embedded with " + manifest.modelLabel()
          + ", not " + embedder.name() + describeSha(embedder.modelSha256())
          + "; re-embedding every product");
      return Map.of();
    }
    Map<String, String> hashes =
        JSON.readValue(
            config.output().get(hashesKey(baseVersion)).orElse("{}".getBytes(StandardCharsets.UTF_8)),
            new TypeReference<Map<String, String>>() {});
    Map<String, Base> out = new HashMap<>();
    for (IndexManifest.ShardEntry e : manifest.shards()) {
      Shard s = ShardFormat.read(config.output().get(e.key()).orElseThrow(
          () -> new IllegalArgumentException("--base " + baseVersion + " lacks shard " + e.key())),
          e.key());
      for (int i = 0; i < s.count(); i++) {
        String h = hashes.get(s.productId(i));
        if (h != null) {
          out.put(s.productId(i), new Base(h, java.util.Arrays.copyOfRange(s.rows(), i * s.dim(), (i + 1) * s.dim())));
        }
      }
    }
    log.println("index: base " + baseVersion + " offers " + out.size() + " vectors for reuse");
    return out;
  }

  /**
   * The products of {@code key}'s bytes, first line of an id first; a line that is not a product,
   * or repeats an id, is a failure.
   */
  private static List<Product> parseProducts(String key, byte[] bytes, List<Failure> failures) {
    List<Product> out = new ArrayList<>();
    Map<String, Boolean> seen = new HashMap<>();
    ProductsJsonl.parse(
        bytes,
        (n, p) -> {
          if (seen.putIfAbsent(p.productId(), true) != null) {
            failures.add(new Failure(p.productId(), p.image(), "duplicate productId on line " + n));
            return;
          }
          out.add(p);
        },
        (n, e) -> failures.add(new Failure(null, null, key + " line " + n + " is not a valid"
            + " product: " + firstLine(e.getMessage()))));
    return out;
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

  private static String describeSha(String sha) {
    return sha.isEmpty() ? "" : " (sha256 " + sha.substring(0, Math.min(12, sha.length())) + ")";
  }

  static String workKey(String version, Category category, int n, String ext) {
    return "index/" + version + "/_work/" + category.wireName() + "/" + n + "." + ext;
  }

  static String hashesKey(String version) {
    return "index/" + version + "/image-hashes.json";
  }

  static String reportKey(String version) {
    return "index/" + version + "/report.json";
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

  /**
   * The serving path's decoder (same limits, formats — JPEG, PNG, WebP — and EXIF handling),
   * with a rejected image as an {@link IOException} that gives the reason.
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

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "index-decode");
      t.setDaemon(true);
      return t;
    };
  }
}
