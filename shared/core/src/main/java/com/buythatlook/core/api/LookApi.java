package com.buythatlook.core.api;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.DynamoProductStore;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.catalog.ProductStore;
import com.buythatlook.core.catalog.ProductStoreException;
import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.index.DimensionMismatchException;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.index.IndexSnapshot;
import com.buythatlook.core.index.IndexUnavailableException;
import com.buythatlook.core.index.Match;
import com.buythatlook.core.index.ShardFormatException;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookIds;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.look.LookStore;
import com.buythatlook.core.look.LookStoreException;
import com.buythatlook.core.storage.PresignedUpload;
import com.buythatlook.core.storage.UrlSigner;
import com.buythatlook.core.text.Printable;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The HTTP API (docs/openapi.json), independent of how requests arrive: the Lambda handler and the
 * local server both turn their requests into an {@link ApiRequest} and call {@link #handle}.
 * Routes, parameters, bodies and the error table are described in the package comment.
 *
 * <p>Thread-safe: it holds no per-request state, so one instance serves concurrent requests.
 */
public final class LookApi {
  private static final Logger LOG = LoggerFactory.getLogger(LookApi.class);

  /** Larger bodies are refused before they are parsed: the only body is a one-field object. */
  static final int MAX_BODY_BYTES = 4096;

  /** The MDC key under which log lines carry the look a request is about. */
  public static final String MDC_LOOK_ID = "lookId";

  private static final String ROUTES =
      "POST /looks, GET /looks/{id}, GET /products/{id}/similar, GET /health and GET"
          + " /openapi.json";
  // product ids come from the catalog; this alphabet covers street2shop's numeric ids and
  // common SKUs, and keeps '/', '%', whitespace, control characters and ".." out
  private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  // request bodies only: a duplicated key or a second document is refused, not silently merged
  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final LookStore looks;
  private final ProductStore products;
  private final IndexReader index;
  private final UrlSigner signer;
  private final QuerySettings settings;
  private final Clock clock;
  private final EmbeddingModel embedding;

  /**
   * The model that embeds new looks (in {@code btl serve}, the process's embedder), for checking it
   * against the live index's: {@code name@version} (or a built-in name), the sha256 of its file
   * ({@code ""} for a built-in one) and its dimension.
   */
  public record EmbeddingModel(String name, String sha256, int dimension) {
    public EmbeddingModel {
      Objects.requireNonNull(name, "name");
      sha256 = sha256 == null ? "" : sha256;
    }
  }

  /**
   * An API whose matches take their title, price, brand and image from the index version they were
   * found in (what the batch job and {@code btl index} publish with every version).
   */
  public LookApi(
      LookStore looks, IndexReader index, UrlSigner signer, QuerySettings settings, Clock clock) {
    this(looks, null, index, signer, settings, clock);
  }

  /**
   * @param products where details come from for an index version published without them (one
   *     written before versions carried details, or by hand); {@code null} for none, and then such
   *     a version's matches are left out, as products missing from the catalog are
   */
  public LookApi(
      LookStore looks,
      ProductStore products,
      IndexReader index,
      UrlSigner signer,
      QuerySettings settings,
      Clock clock) {
    this(looks, products, index, signer, settings, clock, null);
  }

  /**
   * @param embedding the model that embeds new looks, when this process knows it ({@code btl
   *     serve}); {@code null} when it does not (the query Lambda). When the live index was built
   *     with another model, {@code GET /health} answers 503 {@code embedder_mismatch} and so do the
   *     looks, saying which model each side has, instead of a {@code look_outdated} that no new
   *     upload can cure
   */
  public LookApi(
      LookStore looks,
      ProductStore products,
      IndexReader index,
      UrlSigner signer,
      QuerySettings settings,
      Clock clock,
      EmbeddingModel embedding) {
    this.embedding = embedding;
    this.looks = Objects.requireNonNull(looks, "looks");
    this.products = products;
    this.index = Objects.requireNonNull(index, "index");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Answers one request; never throws. Client mistakes become 4xx bodies, an unavailable dependency
   * (index, tables, S3) a 503, anything else — a bug — a 500 with a generic message and the stack
   * trace in the log. Log lines written meanwhile carry the look id in the MDC under {@value
   * #MDC_LOOK_ID} when the request is about a look.
   */
  public ApiResponse handle(ApiRequest request) {
    long start = System.nanoTime();
    boolean hadLookId = MDC.get(MDC_LOOK_ID) != null;
    try {
      ApiResponse response;
      try {
        response = route(request);
      } catch (ApiException e) {
        if (e.status() >= 500) {
          LOG.warn("{} → {} {}", describe(request), e.status(), e.getMessage(), e.getCause());
        }
        response = ApiResponse.error(e.status(), e.code(), e.getMessage(), e.headers());
      } catch (RuntimeException e) {
        response = failure(request, e);
      }
      // the access line, while the MDC still names the look
      LOG.info(
          "{} → {} in {} ms",
          describe(request),
          response.status(),
          (System.nanoTime() - start) / 1_000_000);
      return response;
    } finally {
      if (!hadLookId) {
        MDC.remove(MDC_LOOK_ID);
      }
    }
  }

  // ---------------------------------------------------------------------------------- routing

  private ApiResponse route(ApiRequest r) {
    if (r.body().length > MAX_BODY_BYTES) {
      throw new ApiException(
          413,
          "body_too_large",
          "the request body is "
              + r.body().length
              + " bytes; the limit is "
              + MAX_BODY_BYTES
              + ". Photos are not sent to the API: upload them with the form POST /looks returns");
    }
    List<String> s = segments(r.path());
    if (s.size() == 1 && s.get(0).equals("health")) {
      allow(r, "GET");
      return health();
    }
    if (s.size() == 1 && s.get(0).equals("looks")) {
      allow(r, "POST");
      return createLook(r);
    }
    if (s.size() == 2 && s.get(0).equals("looks")) {
      allow(r, "GET");
      return getLook(s.get(1), r);
    }
    if (s.size() == 3 && s.get(0).equals("products") && s.get(2).equals("similar")) {
      allow(r, "GET");
      return similar(s.get(1), r);
    }
    if (s.size() == 1 && s.get(0).equals("openapi.json")) {
      allow(r, "GET");
      return ApiResponse.jsonText(200, OpenApiDocument.text(), Map.of());
    }
    throw new ApiException(
        404, "not_found", "there is no " + Printable.of(r.path()) + "; the API has " + ROUTES);
  }

  /**
   * The decoded path segments; a single trailing slash is ignored. An empty segment ({@code //})
   * makes the path match no route rather than being collapsed, so that what is matched is what was
   * sent.
   */
  private static List<String> segments(String path) {
    if (!path.startsWith("/")) {
      return List.of("");
    }
    String p =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    List<String> out = new ArrayList<>();
    for (String segment : p.substring(1).split("/", -1)) {
      out.add(ApiRequest.decode(segment, false));
    }
    return out;
  }

  private static void allow(ApiRequest r, String method) {
    if (!r.method().equals(method)) {
      throw new ApiException(
          405,
          "method_not_allowed",
          Printable.of(r.method()) + " is not allowed here; use " + method,
          Map.of("Allow", method),
          null);
    }
  }

  // ------------------------------------------------------------------------------ POST /looks

  private ApiResponse createLook(ApiRequest r) {
    ImageFormat type = imageTypeOf(r);
    String lookId = LookIds.newId();
    MDC.put(MDC_LOOK_ID, lookId);
    // sign first: it is the step that fails on a misconfiguration, and then no look is left over
    PresignedUpload upload =
        signer.presignPost(
            LookKeys.upload(lookId, type),
            type,
            settings.maxUploadBytes(),
            settings.uploadUrlTtl());
    Instant now = clock.instant();
    if (!looks.createPending(lookId, now, now.plus(settings.lookTtl()))) {
      // a random UUID that already exists: a broken random source, not a client mistake
      throw new IllegalStateException("look id " + lookId + " exists already");
    }
    LOG.info("created look {}; its upload form takes one {} file", lookId, type.contentType());
    Bodies.Created body =
        new Bodies.Created(
            lookId,
            LookStatus.PENDING.name(),
            new Bodies.Upload(
                upload.url(), upload.fields(), upload.maxBytes(), upload.expiresAt().toString()));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Location", "/looks/" + lookId);
    return ApiResponse.json(201, body, headers);
  }

  /** {@code {"contentType": "image/png"}}; no body at all means JPEG. */
  private static ImageFormat imageTypeOf(ApiRequest r) {
    if (isBlank(r.body())) {
      return ImageFormat.JPEG;
    }
    String contentType = r.header("content-type");
    String mediaType =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "the body must be JSON sent with Content-Type: application/json; got "
              + (contentType == null ? "no Content-Type" : "'" + Printable.of(contentType) + "'"));
    }
    JsonNode node;
    try {
      node = STRICT_JSON.readTree(r.body());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does not do I/O
    }
    String shape = "; send {\"contentType\": \"image/jpeg\"} (or image/png, image/webp)";
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("invalid_body", "the body must be a JSON object" + shape);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("contentType")) {
        throw ApiException.badRequest(
            "invalid_body", "unknown field '" + Printable.of(name) + "'" + shape);
      }
    }
    JsonNode ct = node.get("contentType");
    if (ct == null) {
      return ImageFormat.JPEG;
    }
    if (!ct.isTextual()) {
      throw ApiException.badRequest("invalid_body", "contentType must be a string" + shape);
    }
    return ImageFormat.ofContentType(ct.asText())
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "unsupported_image_type",
                    "photos can be image/jpeg, image/png or image/webp; got '"
                        + Printable.of(ct.asText())
                        + "'"));
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  // -------------------------------------------------------------------------- GET /looks/{id}

  private ApiResponse getLook(String rawId, ApiRequest r) {
    if (!LookIds.isValid(rawId)) {
      throw ApiException.badRequest(
          "invalid_look_id",
          "a look id is 8 to 64 letters, digits, '-' or '_' (as POST /looks returns it); got '"
              + Printable.of(rawId)
              + "'");
    }
    String lookId = rawId;
    MDC.put(MDC_LOOK_ID, lookId);
    // parameters first: a bad k is reported even for a look that does not exist
    SearchParams params = SearchParams.parse(r.query());
    Look look =
        looks
            .get(lookId)
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "look_not_found",
                        "there is no look "
                            + lookId
                            + " (looks are deleted "
                            + settings.lookTtl().toDays()
                            + " days after they were created);"
                            + " start a new one with POST /looks"));

    Map<Integer, List<Bodies.MatchBody>> matches =
        look.status() == LookStatus.EMBEDDED ? recommend(look, params) : Map.of();
    List<Bodies.ItemBody> items = new ArrayList<>();
    for (LookItem item : look.items()) {
      items.add(
          new Bodies.ItemBody(
              item.itemNo(),
              item.category().wireName(),
              item.score(),
              new Bodies.BoxBody(
                  item.box().left(), item.box().top(), item.box().width(), item.box().height()),
              signer.presignGet(item.cropKey(), settings.imageUrlTtl()),
              look.status() == LookStatus.EMBEDDED
                  ? matches.getOrDefault(item.itemNo(), List.of())
                  : null));
    }
    Bodies.LookBody body =
        new Bodies.LookBody(
            look.lookId(),
            look.status().name(),
            look.status() == LookStatus.FAILED ? look.failureReason() : null,
            look.width(),
            look.height(),
            look.imageKey() == null
                ? null
                : signer.presignGet(look.imageKey(), settings.imageUrlTtl()),
            items);
    return ApiResponse.json(200, body, Map.of());
  }

  /**
   * Matches for every item of an embedded look: one scan per category for all of that category's
   * items, then one product lookup for all matches.
   */
  private Map<Integer, List<Bodies.MatchBody>> recommend(Look look, SearchParams params) {
    Map<Category, List<LookItem>> byCategory = new EnumMap<>(Category.class);
    for (LookItem item : look.items()) {
      if (item.vector() == null) {
        // an EMBEDDED look's items all have vectors; answer for the others rather than fail
        LOG.warn("item {} of embedded look {} has no vector", item.itemNo(), look.lookId());
        continue;
      }
      byCategory.computeIfAbsent(item.category(), c -> new ArrayList<>()).add(item);
    }
    if (byCategory.isEmpty()) {
      return Map.of(); // zero items: no need for an index at all
    }
    IndexSnapshot snapshot = snapshot();
    mismatch(snapshot.manifest())
        .ifPresent(
            message -> {
              throw new ApiException(503, "embedder_mismatch", message);
            });
    Map<Integer, List<Match>> raw = new HashMap<>();
    for (Map.Entry<Category, List<LookItem>> e : byCategory.entrySet()) {
      List<LookItem> items = e.getValue();
      float[][] queries = new float[items.size()][];
      for (int i = 0; i < queries.length; i++) {
        queries[i] = items.get(i).vector();
      }
      List<List<Match>> found;
      try {
        found = fromIndex(() -> snapshot.search(e.getKey(), queries, params.k(), params.filter()));
      } catch (DimensionMismatchException d) {
        throw outdated(d, snapshot.manifest());
      }
      for (int i = 0; i < queries.length; i++) {
        raw.put(items.get(i).itemNo(), found.get(i));
      }
    }
    Set<String> ids = new LinkedHashSet<>();
    raw.values().forEach(ms -> ms.forEach(m -> ids.add(m.productId())));
    Map<String, Product> catalog = catalogOf(snapshot, ids);
    Map<String, String> imageUrls = new HashMap<>();
    Map<Integer, List<Bodies.MatchBody>> out = new HashMap<>();
    raw.forEach((itemNo, ms) -> out.put(itemNo, matchBodies(ms, catalog, imageUrls, snapshot)));
    return out;
  }

  /**
   * A look embedded by another model than the live index's cannot be compared with it: {@link
   * IndexSnapshot#search} found out, in the query path's one dimension check.
   */
  private static ApiException outdated(DimensionMismatchException d, IndexManifest m) {
    return new ApiException(
        409,
        "look_outdated",
        "this look was analysed with an embedding model of "
            + d.queryDimension()
            + " dimensions; the catalog is now indexed with "
            + m.modelName()
            + " ("
            + d.indexDimension()
            + " dimensions). Upload the photo again to get matches");
  }

  // -------------------------------------------------------------- GET /products/{id}/similar

  private ApiResponse similar(String rawId, ApiRequest r) {
    if (!PRODUCT_ID.matcher(rawId).matches() || rawId.contains("..")) {
      throw ApiException.badRequest(
          "invalid_product_id",
          "a product id is 1 to 128 letters, digits, '.', '_', ':' or '-'; got '"
              + Printable.of(rawId)
              + "'");
    }
    SearchParams params = SearchParams.parse(r.query());
    IndexSnapshot snapshot = snapshot();
    Product product =
        Optional.ofNullable(catalogOf(snapshot, List.of(rawId)).get(rawId))
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "product_not_found",
                        "there is no product " + rawId + " in the catalog"));
    float[] vector =
        fromIndex(() -> snapshot.vectorOf(product.category(), product.productId()))
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "product_not_indexed",
                        "product "
                            + rawId
                            + " is in the catalog but not in index version "
                            + snapshot.manifest().version()
                            + "; it gets matches once the catalog is indexed again"));
    // one more than asked for, because the product itself is (nearly always) its best match
    List<Match> found =
        fromIndex(
                () ->
                    snapshot.search(
                        product.category(),
                        new float[][] {vector},
                        params.k() + 1,
                        params.filter()))
            .get(0);
    List<Match> others =
        found.stream()
            .filter(m -> !m.productId().equals(product.productId()))
            .limit(params.k())
            .toList();
    Map<String, Product> catalog =
        catalogOf(snapshot, others.stream().map(Match::productId).toList());
    Bodies.ProductBody productBody =
        new Bodies.ProductBody(
            product.productId(),
            product.title(),
            product.brand(),
            product.price(),
            product.currency(),
            product.category().wireName(),
            productImageUrl(product));
    return ApiResponse.json(
        200,
        new Bodies.Similar(productBody, matchBodies(others, catalog, new HashMap<>(), snapshot)),
        Map.of());
  }

  // ------------------------------------------------------------------------------ GET /health

  /**
   * 200 with the live index version, or 503 while no index can be read: without one the API cannot
   * recommend anything, so a load balancer or {@code btl demo}'s readiness wait should treat it as
   * not ready (uploads and status still work meanwhile).
   */
  private ApiResponse health() {
    IndexSnapshot snapshot;
    try {
      snapshot = index.snapshot();
    } catch (IndexUnavailableException e) {
      return ApiResponse.json(
          503,
          new Bodies.Health(
              "unavailable", null, new Bodies.ErrorDetail("index_unavailable", e.getMessage())),
          Map.of("Retry-After", "5"));
    }
    IndexManifest m = snapshot.manifest();
    long count = m.shards().stream().mapToLong(IndexManifest.ShardEntry::count).sum();
    List<String> categories =
        snapshot.categories().stream().map(Category::wireName).sorted().toList();
    Bodies.IndexBody body =
        new Bodies.IndexBody(
            m.version(), m.modelName() + "@" + m.modelVersion(), count, categories);
    Optional<String> mismatch = mismatch(m);
    if (mismatch.isPresent()) {
      return ApiResponse.json(
          503,
          new Bodies.Health(
              "misconfigured", body, new Bodies.ErrorDetail("embedder_mismatch", mismatch.get())),
          Map.of());
    }
    return ApiResponse.json(200, new Bodies.Health("ok", body, null), Map.of());
  }

  /**
   * Why new looks cannot be matched against the live index (it was built with another model than
   * the one that embeds them), or empty when they can or this process does not know.
   */
  private Optional<String> mismatch(IndexManifest m) {
    if (embedding == null || m.mayBeModel(embedding.name(), embedding.sha256())) {
      return Optional.empty();
    }
    String sha =
        embedding.sha256().isEmpty()
            ? ""
            : " (sha256 "
                + embedding.sha256().substring(0, Math.min(12, embedding.sha256().length()))
                + ")";
    return Optional.of(
        "the catalog index "
            + m.version()
            + " was built with "
            + m.modelLabel()
            + " but new looks are embedded with "
            + embedding.name()
            + sha
            + ", so no look can be"
            + " matched: restart with --embedder set to the model the index was built with, or"
            + " index the catalog again with this one");
  }

  // ---------------------------------------------------------------------------------- helpers

  /**
   * Index matches with their catalog metadata. A match whose product has no details (only possible
   * for a version published without them) is left out: a result without a title or picture is of no
   * use to a shopper.
   */
  private List<Bodies.MatchBody> matchBodies(
      List<Match> matches,
      Map<String, Product> catalog,
      Map<String, String> imageUrls,
      IndexSnapshot snapshot) {
    List<Bodies.MatchBody> out = new ArrayList<>(matches.size());
    for (Match m : matches) {
      Product p = catalog.get(m.productId());
      if (p == null) {
        LOG.warn(
            "product {} of index {} is not in the catalog; left out of the results",
            m.productId(),
            snapshot.manifest().version());
        continue;
      }
      out.add(
          new Bodies.MatchBody(
              p.productId(),
              p.title(),
              p.brand(),
              p.price(),
              p.currency(),
              m.score(),
              imageUrls.computeIfAbsent(p.productId(), id -> productImageUrl(p)),
              p.group()));
    }
    return out;
  }

  /**
   * The details of {@code ids} as {@code snapshot}'s version has them, in one lookup; none when
   * filters left nothing to look up. A version without details falls back to the product store, if
   * there is one.
   */
  private Map<String, Product> catalogOf(IndexSnapshot snapshot, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    if (snapshot.hasProductDetails()) {
      return fromIndex(() -> snapshot.products(ids));
    }
    if (products == null) {
      LOG.warn(
          "index version {} has no product details: index the catalog again with this"
              + " release so that matches can be shown",
          snapshot.manifest().version());
      return Map.of();
    }
    return products.getAll(ids);
  }

  private String productImageUrl(Product p) {
    return p.image() == null || p.image().isBlank()
        ? null
        : signer.presignGet(DynamoProductStore.CATALOG_PREFIX + p.image(), settings.imageUrlTtl());
  }

  private IndexSnapshot snapshot() {
    return fromIndex(index::snapshot);
  }

  /**
   * Runs an index read; an index that is missing, unreadable or damaged is a 503 (the service
   * cannot answer now, the client did nothing wrong), logged with its cause.
   */
  private static <T> T fromIndex(Supplier<T> read) {
    try {
      return read.get();
    } catch (IndexUnavailableException | ShardFormatException | UncheckedIOException e) {
      throw new ApiException(
          503,
          "index_unavailable",
          "product matches are not available right now; try again in a moment",
          Map.of("Retry-After", "5"),
          e);
    }
  }

  /**
   * An exception no route turned into a response: a dependency that is down or busy (the tables, S3
   * — worth a retry: 503), or else a bug (500, logged whole, answered with nothing a client could
   * misuse).
   */
  private static ApiResponse failure(ApiRequest r, RuntimeException e) {
    boolean transientFailure =
        e instanceof LookStoreException
            || e instanceof ProductStoreException
            || (e instanceof SdkException sdk && sdk.retryable());
    if (transientFailure) {
      LOG.warn("{} → 503: {}", describe(r), e.toString(), e);
      return ApiResponse.error(
          503,
          "unavailable",
          "a storage service is not answering; try again in a moment",
          Map.of("Retry-After", "1"));
    }
    LOG.error("unexpected error answering {}", describe(r), e);
    return ApiResponse.error(
        500,
        "internal_error",
        "something went wrong on our side and it has been logged; try again later",
        Map.of());
  }

  private static String describe(ApiRequest r) {
    return Printable.of(r.method(), 16) + " " + Printable.of(r.path(), 200);
  }

  @Override
  public String toString() {
    return "LookApi[" + looks + ", " + products + ", " + signer + "]";
  }
}
