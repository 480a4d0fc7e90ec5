package com.buythatlook.bench.scale;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.buythatlook.core.api.LookApi;
import com.buythatlook.core.api.QuerySettings;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.index.Filter;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexPublisher;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.look.DynamoLookStore;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.core.storage.S3UrlSigner;
import com.buythatlook.functions.query.QueryHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The scale benchmark's two halves (infra/bench/scale.sh runs them, each in its own JVM).
 *
 * <p>{@code write}: an index of ROWS products published with the project's own writer ({@link
 * IndexPublisher}: shards split at the default 256 MB, product details, manifest, CURRENT) into an
 * S3 bucket of moto_server, and looks of three items each stored in a DynamoDB looks table with
 * {@link DynamoLookStore} as the detect and embed steps leave them (PENDING, DETECTED, EMBEDDED).
 * Vectors are random unit vectors; the categories follow {@link #ASSORTMENT}; a look's three
 * categories are drawn without replacement by {@link #TRAFFIC}; an item's vector is a catalog
 * product's vector with noise, as a photo of a product is near its shop photo.
 *
 * <p>{@code serve}: the query function's code as QueryFunction builds it (S3 blob store →
 * IndexReader with INDEX_CACHE_MB and a spill folder → LookApi → QueryHandler), so its counters can
 * be read; run by scale.sh with the heap Lambda's Java runtime gives MemorySize. Times the first
 * answer from JVM start (cold: shard downloads and parsing included), then GET /looks/{id} warm
 * over the looks in random order, then GET /products/{id}/similar, and prints name=value pairs as
 * its last line.
 */
public final class ScaleBench {
  static final String BUCKET = "btl-scale";
  static final String TABLE = "btl-scale-looks";
  static final int DIM = 128;

  /**
   * Share of the catalog per category: an assumed fashion retailer's assortment (tops, footwear,
   * dresses and bags lead), not measured data.
   */
  static final Map<Category, Double> ASSORTMENT =
      new EnumMap<>(
          Map.ofEntries(
              Map.entry(Category.TOPS, 0.22),
              Map.entry(Category.FOOTWEAR, 0.14),
              Map.entry(Category.DRESSES, 0.12),
              Map.entry(Category.BAGS, 0.10),
              Map.entry(Category.PANTS, 0.09),
              Map.entry(Category.OUTERWEAR, 0.08),
              Map.entry(Category.SKIRTS, 0.06),
              Map.entry(Category.BELTS, 0.06),
              Map.entry(Category.EYEWEAR, 0.05),
              Map.entry(Category.LEGGINGS, 0.04),
              Map.entry(Category.HATS, 0.04)));

  /**
   * How often a street photo's items are of each category: the item counts of the default generated
   * data set's test split (`btl eval` table in the README), the generator's model of what people
   * wear.
   */
  static final Map<Category, Integer> TRAFFIC =
      new EnumMap<>(
          Map.ofEntries(
              Map.entry(Category.BAGS, 347),
              Map.entry(Category.BELTS, 361),
              Map.entry(Category.DRESSES, 181),
              Map.entry(Category.EYEWEAR, 218),
              Map.entry(Category.FOOTWEAR, 381),
              Map.entry(Category.HATS, 348),
              Map.entry(Category.LEGGINGS, 212),
              Map.entry(Category.OUTERWEAR, 246),
              Map.entry(Category.PANTS, 257),
              Map.entry(Category.SKIRTS, 233),
              Map.entry(Category.TOPS, 386)));

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    AwsClients aws =
        AwsClients.forEndpoint(
            URI.create(opt.get("endpoint")),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    switch (args[0]) {
      case "write" ->
          write(
              aws,
              Integer.parseInt(opt.get("rows")),
              Integer.parseInt(opt.getOrDefault("looks", "300")),
              Long.parseLong(opt.getOrDefault("seed", "1")),
              Path.of(opt.get("out")));
      case "serve" ->
          serve(
              aws,
              Path.of(opt.get("looks")),
              Path.of(opt.get("spill")),
              Integer.parseInt(opt.getOrDefault("warm", "300")),
              Integer.parseInt(opt.getOrDefault("similar", "100")),
              Long.parseLong(opt.getOrDefault("seed", "2")));
      default -> throw new IllegalArgumentException("write or serve, not " + args[0]);
    }
  }

  /** Rows per category for a catalog of {@code rows} products (every category at least one). */
  static Map<Category, Integer> counts(int rows) {
    Map<Category, Integer> out = new EnumMap<>(Category.class);
    int left = rows;
    for (Category c : Category.values()) {
      int n = Math.max(1, (int) Math.round(rows * ASSORTMENT.get(c)));
      out.put(c, n);
      left -= n;
    }
    out.merge(Category.TOPS, left, Integer::sum); // rounding goes to the largest category
    return out;
  }

  static String productId(Category c, int row) {
    return String.format("%s-%07d", c.wireName(), row);
  }

  static List<Category> drawLook(SplittableRandom rnd) {
    List<Category> pool = new ArrayList<>(List.of(Category.values()));
    List<Category> out = new ArrayList<>();
    while (out.size() < 3) {
      int total = pool.stream().mapToInt(TRAFFIC::get).sum();
      int x = rnd.nextInt(total);
      for (int i = 0; i < pool.size(); i++) {
        x -= TRAFFIC.get(pool.get(i));
        if (x < 0) {
          out.add(pool.remove(i));
          break;
        }
      }
    }
    return out;
  }

  private static void write(AwsClients aws, int rows, int lookCount, long seed, Path out)
      throws Exception {
    long t0 = System.nanoTime();
    try {
      aws.s3().createBucket(b -> b.bucket(BUCKET));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      // already there: a second run into the same moto_server
    }
    S3BlobStore store = new S3BlobStore(aws.s3(), BUCKET, "");
    Map<Category, Integer> counts = counts(rows);
    SplittableRandom plan = new SplittableRandom(seed);
    // the looks first: which catalog rows their items are near, so each category's rows are
    // generated once, in one pass, and only the needed ones kept
    List<List<Category>> lookCats = new ArrayList<>();
    Map<Category, Map<Integer, float[]>> wanted = new EnumMap<>(Category.class);
    List<int[]> lookRows = new ArrayList<>();
    for (int i = 0; i < lookCount; i++) {
      List<Category> cats = drawLook(plan);
      int[] r = new int[3];
      for (int j = 0; j < 3; j++) {
        r[j] = plan.nextInt(counts.get(cats.get(j)));
        wanted.computeIfAbsent(cats.get(j), c -> new HashMap<>()).put(r[j], null);
      }
      lookCats.add(cats);
      lookRows.add(r);
    }
    String[] brands = new String[300];
    for (int b = 0; b < brands.length; b++) {
      brands[b] = "Brand" + b;
    }
    String version = "scale-" + rows;
    List<IndexManifest.ShardEntry> shards = new ArrayList<>();
    List<Product> products = new ArrayList<>(rows);
    IndexPublisher publisher = new IndexPublisher(store);
    int perShard = IndexPublisher.rowsPerShard(DIM, true, IndexPublisher.DEFAULT_MAX_SHARD_BYTES);
    long shardBytes = 0;
    for (Category c : Category.values()) {
      SplittableRandom rnd = new SplittableRandom(seed * 31 + c.ordinal());
      int n = counts.get(c);
      Map<Integer, float[]> keep = wanted.getOrDefault(c, Map.of());
      int part = 0;
      for (int[] range : IndexPublisher.splits(n, perShard)) {
        int m = range[1] - range[0];
        float[] v = new float[m * DIM];
        float[] prices = new float[m];
        List<String> ids = new ArrayList<>(m);
        List<String> brandPerRow = new ArrayList<>(m);
        for (int r = 0; r < m; r++) {
          int row = range[0] + r;
          unit(rnd, v, r * DIM);
          if (keep.containsKey(row)) {
            keep.put(row, Arrays.copyOfRange(v, r * DIM, (r + 1) * DIM));
          }
          // brands: a long tail (Zipf-like); prices: log-normal around 40
          String brand =
              brands[
                  (int)
                      Math.min(
                          brands.length - 1,
                          Math.floor(Math.pow(rnd.nextDouble(), 3) * brands.length))];
          float price =
              (float) (Math.round(Math.exp(Math.log(40) + 0.6 * gauss(rnd)) * 100) / 100.0);
          String id = productId(c, row);
          ids.add(id);
          prices[r] = price;
          brandPerRow.add(brand);
          products.add(
              new Product(
                  id,
                  c,
                  brand + " " + c.wireName() + " " + row,
                  brand,
                  price,
                  "EUR",
                  "black",
                  "plain",
                  "catalog/images/" + id + ".jpg"));
        }
        Shard shard = Shard.of(c, DIM, v, ids, prices, brandPerRow, true);
        IndexManifest.ShardEntry e = publisher.putShard(version, part++, shard);
        shardBytes += e.bytes();
        shards.add(e);
      }
    }
    IndexManifest.ProductFiles files = publisher.putProducts(version, products);
    products = null;
    IndexManifest manifest =
        new IndexManifest(
            1,
            version,
            "random-unit",
            "",
            DIM,
            "cosine",
            "float32",
            true,
            Instant.now().toString(),
            shards,
            files);
    publisher.publish(manifest);
    double indexS = (System.nanoTime() - t0) / 1e9;

    // the looks table as the template creates it, and looks as the detect and embed steps
    // leave them
    try {
      aws.dynamoDb()
          .createTable(
              b ->
                  b.tableName(TABLE)
                      .attributeDefinitions(
                          AttributeDefinition.builder()
                              .attributeName("lookId")
                              .attributeType(ScalarAttributeType.S)
                              .build())
                      .keySchema(
                          KeySchemaElement.builder()
                              .attributeName("lookId")
                              .keyType(KeyType.HASH)
                              .build())
                      .billingMode(BillingMode.PAY_PER_REQUEST));
    } catch (software.amazon.awssdk.services.dynamodb.model.ResourceInUseException e) {
      // already there
    }
    DynamoLookStore looks = new DynamoLookStore(aws.dynamoDb(), TABLE);
    SplittableRandom noise = new SplittableRandom(seed + 7);
    StringBuilder lines = new StringBuilder();
    Instant now = Instant.now();
    for (int i = 0; i < lookCount; i++) {
      String lookId = String.format("scale%06d%09d", rows % 1_000_000, i);
      List<LookItem> items = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        Category c = lookCats.get(i).get(j);
        float[] near = wanted.get(c).get(lookRows.get(i)[j]).clone();
        for (int d = 0; d < DIM; d++) {
          near[d] += (float) (gauss(noise) * 0.5 / Math.sqrt(DIM));
        }
        normalise(near, 0);
        items.add(
            new LookItem(
                j,
                c,
                0.9,
                new Box(10 + 100 * j, 20, 80, 120),
                "crops/" + lookId + "/" + j + ".jpg",
                near));
      }
      looks.createPending(lookId, now, now.plus(Duration.ofDays(30)));
      List<LookItem> detected = items.stream().map(it -> it.withVector(null)).toList();
      looks.markDetected(
          lookId,
          "uploads/" + lookId + ".jpg",
          384,
          512,
          detected,
          now,
          now.plus(Duration.ofDays(30)));
      looks.markEmbedded(lookId, items, now);
      lines.append(lookId);
      for (Category c : lookCats.get(i)) {
        lines.append(' ').append(c.wireName());
      }
      lines.append(' ').append(productId(lookCats.get(i).get(0), lookRows.get(i)[0])).append('\n');
    }
    Files.writeString(out, lines);
    System.out.printf(
        "rows=%d shards=%d shard_mb=%.1f product_files=%d looks=%d write_s=%.1f"
            + " looks_s=%.1f%n",
        rows,
        shards.size(),
        shardBytes / 1048576.0,
        files.files(),
        lookCount,
        indexS,
        (System.nanoTime() - t0) / 1e9 - indexS);
  }

  private static void serve(
      AwsClients aws, Path lookFile, Path spill, int warm, int similarN, long seed)
      throws Exception {
    long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("BUCKET", BUCKET);
    env.put("LOOKS_TABLE", TABLE);
    UnaryOperator<String> vars = env::get;
    // as QueryFunction.build, with the reader kept to read its counters
    QuerySettings settings = QuerySettings.fromEnvironment(vars);
    IndexReader index =
        new IndexReader(
                new S3BlobStore(aws.s3(), BUCKET, ""),
                settings.indexRefresh(),
                settings.indexCacheBytes(),
                spill)
            .preload(true);
    QueryHandler handler =
        new QueryHandler(
            new LookApi(
                new DynamoLookStore(aws.dynamoDb(), TABLE),
                index,
                new S3UrlSigner(aws.s3(), aws.s3Presigner(), BUCKET),
                settings,
                Clock.systemUTC()));
    List<String[]> looks = Files.readAllLines(lookFile).stream().map(l -> l.split(" ")).toList();

    Map<String, String> out = new LinkedHashMap<>();
    long t = System.nanoTime();
    check(get(handler, "/looks/" + looks.get(0)[0], "k=6"), 3);
    long firstMs = System.currentTimeMillis();
    out.put("cold_ms", String.valueOf(firstMs - jvmStartMs));
    out.put("cold_request_ms", String.format("%.0f", (System.nanoTime() - t) / 1e6));
    out.put("cold_loaded", String.valueOf(index.storeReads()));

    SplittableRandom rnd = new SplittableRandom(seed);
    double[] all = new double[warm];
    List<Double> hits = new ArrayList<>();
    List<Double> steady = new ArrayList<>();
    for (int i = 0; i < warm; i++) {
      String[] look = looks.get(rnd.nextInt(looks.size()));
      long loads = index.storeReads() + index.spillReads();
      long details = index.detailsReads();
      long s = System.nanoTime();
      check(get(handler, "/looks/" + look[0], "k=6"), 3);
      all[i] = (System.nanoTime() - s) / 1e6;
      if (index.storeReads() + index.spillReads() == loads) {
        hits.add(all[i]);
        if (index.detailsReads() == details) {
          steady.add(all[i]);
        }
      }
    }
    double[] sim = new double[similarN];
    for (int i = 0; i < similarN; i++) {
      String[] look = looks.get(rnd.nextInt(looks.size()));
      long s = System.nanoTime();
      APIGatewayV2HTTPResponse r = get(handler, "/products/" + look[4] + "/similar", "k=6");
      sim[i] = (System.nanoTime() - s) / 1e6;
      JsonNode body = JSON.readTree(r.getBody());
      if (r.getStatusCode() != 200 || body.path("matches").size() != 6) {
        throw new IllegalStateException(
            "similar " + look[4] + ": " + r.getStatusCode() + " " + r.getBody());
      }
    }
    // the look store's read alone (moto_server's DynamoDB here, a few ms in AWS): part of every
    // look's time above, timed apart so the index's share can be told from the emulator's
    DynamoLookStore store = new DynamoLookStore(aws.dynamoDb(), TABLE);
    double[] dyn = new double[Math.min(warm, 100)];
    for (int i = 0; i < dyn.length; i++) {
      String[] look = looks.get(rnd.nextInt(looks.size()));
      long s = System.nanoTime();
      store.get(look[0]).orElseThrow();
      dyn[i] = (System.nanoTime() - s) / 1e6;
    }
    // the index's share: the three searches of a look alone (the same scan LookApi runs),
    // without the look store's read and the product details
    double[] search = new double[Math.min(warm, 100)];
    for (int i = 0; i < search.length; i++) {
      String[] look = looks.get(rnd.nextInt(looks.size()));
      List<LookItem> items = store.get(look[0]).orElseThrow().items();
      long s = System.nanoTime();
      for (LookItem it : items) {
        if (index
                .snapshot()
                .search(it.category(), new float[][] {it.vector()}, 6, Filter.none())
                .get(0)
                .size()
            != 6) {
          throw new IllegalStateException("a search without six matches");
        }
      }
      search[i] = (System.nanoTime() - s) / 1e6;
    }
    double[] hit = hits.stream().mapToDouble(Double::doubleValue).toArray();
    double[] all3 = steady.stream().mapToDouble(Double::doubleValue).toArray();
    // where a cold start goes: the largest shard alone, fetched and parsed again
    S3BlobStore blobs = new S3BlobStore(aws.s3(), BUCKET, "");
    String version = new String(blobs.get("index/CURRENT").orElseThrow()).strip();
    IndexManifest manifest =
        IndexManifest.fromJson(
            blobs.get("index/" + version + "/manifest.json").orElseThrow(), "manifest");
    IndexManifest.ShardEntry largest =
        manifest.shards().stream()
            .max(java.util.Comparator.comparingLong(IndexManifest.ShardEntry::bytes))
            .orElseThrow();
    long g = System.nanoTime();
    byte[] bytes = blobs.get(largest.key()).orElseThrow();
    double getMs = (System.nanoTime() - g) / 1e6;
    g = System.nanoTime();
    com.buythatlook.core.index.ShardFormat.read(bytes, largest.key());
    double parseMs = (System.nanoTime() - g) / 1e6;
    bytes = null;
    out.put("warm_n", String.valueOf(warm));
    out.put("warm_p50_ms", f(pct(all, 50)));
    out.put("warm_p99_ms", f(pct(all, 99)));
    out.put("warm_max_ms", f(pct(all, 100)));
    out.put("mem_hit_n", String.valueOf(hit.length));
    out.put("mem_hit_p50_ms", hit.length == 0 ? "-" : f(pct(hit, 50)));
    out.put("mem_hit_p99_ms", hit.length == 0 ? "-" : f(pct(hit, 99)));
    out.put("in_memory_n", String.valueOf(all3.length));
    out.put("in_memory_p50_ms", all3.length == 0 ? "-" : f(pct(all3, 50)));
    out.put("in_memory_p99_ms", all3.length == 0 ? "-" : f(pct(all3, 99)));
    out.put("store_get_p50_ms", f(pct(dyn, 50)));
    out.put("store_get_p99_ms", f(pct(dyn, 99)));
    out.put("search3_p50_ms", f(pct(search, 50)));
    out.put("search3_p99_ms", f(pct(search, 99)));
    out.put("similar_p50_ms", f(pct(sim, 50)));
    out.put("similar_p99_ms", f(pct(sim, 99)));
    out.put("loaded_s3", String.valueOf(index.storeReads()));
    out.put("loaded_spill", String.valueOf(index.spillReads()));
    out.put("evicted", String.valueOf(index.evictions()));
    out.put("spilled", String.valueOf(index.spillWrites()));
    out.put("spill_failed", String.valueOf(index.spillFailures()));
    out.put("details_loaded", String.valueOf(index.detailsReads()));
    out.put("largest_shard_mb", f(largest.bytes() / 1048576.0));
    out.put("largest_get_ms", f(getMs));
    out.put("largest_parse_ms", f(parseMs));
    out.put("cache_mb", String.valueOf(index.cachedBytes() >> 20));
    out.put("heap_max_mb", String.valueOf(Runtime.getRuntime().maxMemory() >> 20));
    out.put("peak_rss_mb", String.valueOf(vmHwmKb() >> 10));
    StringBuilder line = new StringBuilder();
    out.forEach(
        (k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
    System.out.println(line);
  }

  private static APIGatewayV2HTTPResponse get(QueryHandler h, String path, String query) {
    APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
    e.setRawPath(path);
    e.setRawQueryString(query);
    e.setRouteKey("GET " + path);
    e.setHeaders(Map.of("accept", "application/json"));
    APIGatewayV2HTTPEvent.RequestContext ctx = new APIGatewayV2HTTPEvent.RequestContext();
    APIGatewayV2HTTPEvent.RequestContext.Http http =
        new APIGatewayV2HTTPEvent.RequestContext.Http();
    http.setMethod("GET");
    http.setPath(path);
    ctx.setHttp(http);
    ctx.setStage("$default");
    e.setRequestContext(ctx);
    return h.handleRequest(e, null);
  }

  /** A look's answer: 200, EMBEDDED, every item with six matches. */
  private static void check(APIGatewayV2HTTPResponse r, int items) throws Exception {
    JsonNode body = JSON.readTree(r.getBody());
    if (r.getStatusCode() != 200
        || !"EMBEDDED".equals(body.path("status").asText())
        || body.path("items").size() != items) {
      throw new IllegalStateException("look answer " + r.getStatusCode() + ": " + r.getBody());
    }
    for (JsonNode item : body.path("items")) {
      if (item.path("matches").size() != 6) {
        throw new IllegalStateException("an item without six matches: " + r.getBody());
      }
    }
  }

  private static long vmHwmKb() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmHWM:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static double pct(double[] v, double p) {
    double[] s = v.clone();
    Arrays.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))];
  }

  private static String f(double v) {
    return String.format("%.1f", v);
  }

  private static double gauss(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  private static void unit(SplittableRandom rnd, float[] v, int off) {
    for (int d = 0; d < DIM; d++) {
      v[off + d] = (float) gauss(rnd);
    }
    normalise(v, off);
  }

  private static void normalise(float[] v, int off) {
    double s = 0;
    for (int d = 0; d < DIM; d++) {
      s += (double) v[off + d] * v[off + d];
    }
    float inv = (float) (1 / Math.sqrt(s));
    for (int d = 0; d < DIM; d++) {
      v[off + d] *= inv;
    }
  }

  private ScaleBench() {}
}
