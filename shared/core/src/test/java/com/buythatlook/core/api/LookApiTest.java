package com.buythatlook.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.FileProductStore;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.catalog.ProductStore;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexPublisher;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.look.FileLookStore;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookIds;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.look.LookStore;
import com.buythatlook.core.look.LookStoreException;
import com.buythatlook.core.storage.FileBlobStore;
import com.buythatlook.core.storage.S3UrlSigner;
import com.buythatlook.core.testing.OpenApiResponses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every route of the API over the local runtime's real stores (files) and a real index; the S3
 * signer points at an address nothing listens on, which is enough to check URLs.
 */
class LookApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final Instant EXPIRES = NOW.plus(Duration.ofDays(30));
  private static final String BUCKET = "btl-test-images";

  // the catalog, its index and the signer are read-only in every test, so they are built once
  @TempDir static Path shared;
  private static final QueryFixture fx = new QueryFixture(42);
  private static final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private static FileProductStore products;
  private static FileBlobStore bucket;
  private static S3UrlSigner signer;

  @TempDir Path dir;
  private FileLookStore looks;
  private CheckedApi api;

  @BeforeAll
  static void catalogAndIndex() throws IOException {
    products = new FileProductStore(shared.resolve("catalog/products.jsonl"));
    products.putAll(fx.products());
    bucket = new FileBlobStore(shared.resolve("bucket"));
    fx.publish(bucket);
    S3Client s3 =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    signer = new S3UrlSigner(s3, BUCKET, clock);
  }

  @BeforeEach
  void setUp() {
    looks = new FileLookStore(dir.resolve("looks"));
    api = api(looks, products, bucket);
  }

  /** The API under test; every response it gives is checked against docs/openapi.json. */
  private record CheckedApi(LookApi api) {
    ApiResponse handle(ApiRequest request) {
      ApiResponse response = api.handle(request);
      OpenApiResponses.check(
          request.method(),
          request.path(),
          response.status(),
          response.header("Content-Type"),
          response.body());
      return response;
    }
  }

  private CheckedApi api(LookStore looks, ProductStore products, FileBlobStore index) {
    return new CheckedApi(
        new LookApi(
            looks,
            products,
            new IndexReader(index, Duration.ofSeconds(5), 1 << 20, null),
            signer,
            QuerySettings.defaults(),
            clock));
  }

  // ------------------------------------------------------------------------------ POST /looks

  @Test
  void postLooksCreatesAPendingLookAndASignedUploadForm() {
    // when
    ApiResponse r =
        api.handle(post("{\"contentType\":\"image/png\"}", "application/json; charset=utf-8"));

    // then
    assertThat(r.status()).isEqualTo(201);
    assertJsonHeaders(r);
    JsonNode body = json(r);
    String id = body.get("lookId").asText();
    assertThat(LookIds.isValid(id)).isTrue();
    assertThat(r.header("Location")).isEqualTo("/looks/" + id);
    assertThat(body.get("status").asText()).isEqualTo("PENDING");
    JsonNode upload = body.get("upload");
    assertThat(upload.get("url").asText()).isEqualTo("http://127.0.0.1:9/" + BUCKET);
    assertThat(upload.get("maxBytes").asLong()).isEqualTo(10L << 20);
    assertThat(upload.get("expiresAt").asText()).isEqualTo("2026-11-26T12:10:00Z");
    JsonNode fields = upload.get("fields");
    assertThat(fields.get("key").asText()).isEqualTo(LookKeys.upload(id, ImageFormat.PNG));
    assertThat(fields.get("Content-Type").asText()).isEqualTo("image/png");
    assertThat(fieldNames(fields))
        .containsExactly(
            "key",
            "Content-Type",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "policy",
            "x-amz-signature");

    Look stored = looks.get(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(LookStatus.PENDING);
    assertThat(stored.expiresAt()).isEqualTo(EXPIRES);
  }

  @Test
  void postLooksWithoutABodyMeansJpeg() {
    for (ApiRequest request :
        List.of(
            ApiRequest.of("POST", "/looks", null, Map.of(), null),
            ApiRequest.of(
                "POST",
                "/looks",
                null,
                Map.of("Content-Type", "text/plain"),
                " \n".getBytes(StandardCharsets.UTF_8)),
            post("{}", "application/json"))) {
      ApiResponse r = api.handle(request);
      assertThat(r.status()).as(request.toString()).isEqualTo(201);
      assertThat(json(r).at("/upload/fields/key").asText()).endsWith(".jpg");
      assertThat(json(r).at("/upload/fields/Content-Type").asText()).isEqualTo("image/jpeg");
    }
  }

  // -------------------------------------------------------------------------- GET /looks/{id}

  @Test
  void aPendingLookHasNoItemsNoPhotoAndIsNotCached() {
    String id = LookIds.newId();
    looks.createPending(id, NOW, EXPIRES);

    ApiResponse r = api.handle(ApiRequest.get("/looks/" + id));

    assertThat(r.status()).isEqualTo(200);
    assertJsonHeaders(r);
    JsonNode body = json(r);
    assertThat(body.get("lookId").asText()).isEqualTo(id);
    assertThat(body.get("status").asText()).isEqualTo("PENDING");
    assertThat(body.get("items")).isEmpty();
    assertThat(body.has("imageUrl")).isFalse();
    assertThat(body.has("failureReason")).isFalse();
  }

  @Test
  void aDetectedLookShowsItsItemsWithCropsButNoMatchesYet() {
    String id = LookIds.newId();
    looks.markDetected(
        id,
        LookKeys.upload(id, ImageFormat.JPEG),
        640,
        480,
        fx.items(id, false, "1", "41"),
        NOW,
        EXPIRES);

    JsonNode body = json(api.handle(ApiRequest.get("/looks/" + id)));

    assertThat(body.get("status").asText()).isEqualTo("DETECTED");
    assertThat(body.get("width").asInt()).isEqualTo(640);
    assertThat(body.get("height").asInt()).isEqualTo(480);
    assertThat(body.get("imageUrl").asText())
        .startsWith("http://127.0.0.1:9/" + BUCKET + "/uploads/" + id + ".jpg?")
        .contains("X-Amz-Expires=300");
    JsonNode item = body.get("items").get(1);
    assertThat(item.get("itemNo").asInt()).isEqualTo(1);
    assertThat(item.get("category").asText()).isEqualTo("bags");
    assertThat(item.get("score").asDouble()).isEqualTo(0.89);
    assertThat(item.get("box").toString())
        .isEqualTo("{\"left\":10.0,\"top\":20.0,\"width\":100.0,\"height\":150.0}");
    assertThat(item.get("cropUrl").asText()).contains("/crops/" + id + "/1.jpg?");
    assertThat(item.has("matches")).isFalse();
  }

  @Test
  void aFailedLookSaysWhy() {
    String id = LookIds.newId();
    looks.markFailed(
        id,
        LookKeys.upload(id, ImageFormat.PNG),
        "the file is not a JPEG, PNG or WebP image",
        NOW,
        EXPIRES);

    JsonNode body = json(api.handle(ApiRequest.get("/looks/" + id)));

    assertThat(body.get("status").asText()).isEqualTo("FAILED");
    assertThat(body.get("failureReason").asText())
        .isEqualTo("the file is not a JPEG, PNG or WebP image");
    assertThat(body.get("items")).isEmpty();
  }

  @Test
  void anEmbeddedLookHasTheNearestProductsOfItsCategoryFirstWithTheirMetadata() {
    String id = embedded("1", "41", "2");
    ProductStoreCounting counting = new ProductStoreCounting(products);
    api = api(looks, counting, bucket);

    ApiResponse r = api.handle(ApiRequest.get("/looks/" + id));

    assertThat(r.status()).isEqualTo(200);
    JsonNode items = json(r).get("items");
    assertThat(items).hasSize(3);
    List<String> expectedFirst = List.of("1", "41", "2");
    for (int i = 0; i < 3; i++) {
      JsonNode matches = items.get(i).get("matches");
      assertThat(matches).as("default k").hasSize(6);
      assertThat(matches.get(0).get("productId").asText()).isEqualTo(expectedFirst.get(i));
      double previous = Double.MAX_VALUE;
      for (JsonNode m : matches) {
        Product p = fx.product(m.get("productId").asText());
        assertThat(p.category().wireName()).isEqualTo(items.get(i).get("category").asText());
        assertThat(m.get("title").asText()).isEqualTo(p.title());
        assertThat(m.get("brand").asText()).isEqualTo(p.brand());
        assertThat(m.get("price").asDouble()).isEqualTo(p.price());
        assertThat(m.get("currency").asText()).isEqualTo("EUR");
        assertThat(m.get("imageUrl").asText())
            .startsWith(
                "http://127.0.0.1:9/" + BUCKET + "/catalog/images/" + p.productId() + ".jpg?");
        double similarity = m.get("similarity").asDouble();
        assertThat(similarity).isBetween(-1.0, 1.0001).isLessThanOrEqualTo(previous);
        previous = similarity;
      }
    }
    assertThat(counting.getAllCalls.get()).as("one product lookup for all matches").isEqualTo(1);
    assertThat(counting.getCalls.get()).isZero();
  }

  @Test
  void kBoundsAreInclusive() {
    String id = embedded("1");
    assertThat(json(api.handle(ApiRequest.get("/looks/" + id + "?k=1"))).at("/items/0/matches"))
        .hasSize(1);
    assertThat(json(api.handle(ApiRequest.get("/looks/" + id + "?k=100"))).at("/items/0/matches"))
        .as("every top in the catalog")
        .hasSize(QueryFixture.PER_CATEGORY);
    assertThat(
            json(api.handle(ApiRequest.get("/looks/" + id + "?k=&minPrice=&brand=")))
                .at("/items/0/matches"))
        .as("empty values count as not given")
        .hasSize(6);
  }

  @Test
  void priceAndBrandFiltersReduceTheResultsAndEveryMatchSatisfiesThem() {
    String id = embedded("1", "41");

    JsonNode all = json(api.handle(ApiRequest.get("/looks/" + id + "?k=100")));
    JsonNode priced =
        json(api.handle(ApiRequest.get("/looks/" + id + "?k=100&minPrice=50&maxPrice=120")));
    JsonNode branded =
        json(api.handle(ApiRequest.get("/looks/" + id + "?k=100&brand=Norr&brand=Vale")));
    JsonNode both =
        json(api.handle(ApiRequest.get("/looks/" + id + "?k=3&maxPrice=100.5&brand=Halden")));

    for (int i = 0; i < 2; i++) {
      assertThat(all.at("/items/" + i + "/matches")).hasSize(40);
      // prices are 5, 10, …, 200: 50..120 holds 15 of them
      assertThat(priced.at("/items/" + i + "/matches"))
          .hasSize(15)
          .allSatisfy(m -> assertThat(m.get("price").asDouble()).isBetween(50.0, 120.0));
      assertThat(branded.at("/items/" + i + "/matches"))
          .hasSize(20)
          .allSatisfy(m -> assertThat(m.get("brand").asText()).isIn("Norr", "Vale"));
      assertThat(both.at("/items/" + i + "/matches"))
          .hasSize(3)
          .allSatisfy(
              m -> {
                assertThat(m.get("brand").asText()).isEqualTo("Halden");
                assertThat(m.get("price").asDouble()).isLessThanOrEqualTo(100.5);
              });
    }
    // the nearest product (price 5) is filtered out, not just reordered
    assertThat(priced.at("/items/0/matches/0/productId").asText()).isNotEqualTo("1");
    assertThat(
            json(api.handle(ApiRequest.get("/looks/" + id + "?brand=Nobody")))
                .at("/items/0/matches"))
        .isEmpty();
  }

  @Test
  void unknownQueryParametersSuchAsTrackingOnesAreIgnored() {
    String id = embedded("1", "41");
    ApiResponse plain = api.handle(ApiRequest.get("/looks/" + id + "?k=3"));
    ApiResponse tracked =
        api.handle(
            ApiRequest.get("/looks/" + id + "?utm_source=x&k=3&fbclid=abc&utm_medium=&maxprice=1"));

    assertThat(tracked.status()).as(tracked.body()).isEqualTo(200);
    for (int i = 0; i < 2; i++) {
      assertThat(matchIds(json(tracked).at("/items/" + i + "/matches")))
          .as("item %s: the same matches as without the extra parameters", i)
          .hasSize(3)
          .isEqualTo(matchIds(json(plain).at("/items/" + i + "/matches")));
    }
    ApiResponse similar = api.handle(ApiRequest.get("/products/1/similar?utm_campaign=y&k=2"));
    assertThat(similar.status()).as(similar.body()).isEqualTo(200);
    assertThat(json(similar).get("matches")).hasSize(2);
  }

  @Test
  void anEmbeddedLookWithZeroItemsNeedsNoIndex() {
    String id = LookIds.newId();
    looks.markDetected(
        id, LookKeys.upload(id, ImageFormat.JPEG), 320, 200, List.of(), NOW, EXPIRES);
    looks.markEmbedded(id, List.of(), NOW);
    CheckedApi noIndex = api(looks, products, new FileBlobStore(dir.resolve("empty-bucket")));

    ApiResponse r = noIndex.handle(ApiRequest.get("/looks/" + id));

    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("EMBEDDED");
    assertThat(json(r).get("items")).isEmpty();
  }

  @Test
  void withoutAnIndexAnEmbeddedLookIs503AndSaysToRetry() {
    String id = embedded("1");
    CheckedApi noIndex = api(looks, products, new FileBlobStore(dir.resolve("empty-bucket")));

    ApiResponse r = noIndex.handle(ApiRequest.get("/looks/" + id));

    assertError(r, 503, "index_unavailable");
    assertThat(r.header("Retry-After")).isNotNull();
    assertError(noIndex.handle(ApiRequest.get("/products/1/similar")), 503, "index_unavailable");
  }

  @Test
  void aLookEmbeddedWithAnotherModelIsAConflictThatSaysToUploadAgain() {
    String id = LookIds.newId();
    LookItem item =
        new LookItem(
            0,
            Category.TOPS,
            0.9,
            new Box(0, 0, 10, 10),
            LookKeys.crop(id, 0),
            QueryFixture.unit(new float[] {1, 2, 3, 4, 5, 6, 7, 8}));
    looks.markDetected(
        id,
        LookKeys.upload(id, ImageFormat.JPEG),
        10,
        10,
        List.of(item.withVector(null)),
        NOW,
        EXPIRES);
    looks.markEmbedded(id, List.of(item), NOW);

    ApiResponse r = api.handle(ApiRequest.get("/looks/" + id));

    assertError(r, 409, "look_outdated");
    assertThat(json(r).at("/error/message").asText()).contains("Upload the photo again");
  }

  @Test
  void matchesWhoseProductIsMissingFromTheCatalogAreLeftOut() throws IOException {
    String id = embedded("1");
    FileProductStore partial = new FileProductStore(dir.resolve("partial.jsonl"));
    partial.putAll(fx.products().stream().filter(p -> !p.productId().equals("1")).toList());

    JsonNode matches =
        json(api(looks, partial, bucket).handle(ApiRequest.get("/looks/" + id)))
            .at("/items/0/matches");

    assertThat(matches)
        .hasSize(5)
        .noneSatisfy(m -> assertThat(m.get("productId").asText()).isEqualTo("1"));
  }

  @Test
  void matchesTakeTheirDetailsFromTheVersionTheyWereFoundIn() throws IOException {
    // a version with details; no product store at all, as in AWS
    FileBlobStore versioned = new FileBlobStore(dir.resolve("versioned"));
    fx.publishWithDetails(versioned, "v1", fx.products());
    LookApi aws =
        new LookApi(
            looks,
            new IndexReader(versioned, Duration.ZERO, 1 << 20, null),
            signer,
            QuerySettings.defaults(),
            clock);
    String id = embedded("1");

    JsonNode first = json(aws.handle(ApiRequest.get("/looks/" + id))).at("/items/0/matches");
    assertThat(first)
        .hasSize(6)
        .allSatisfy(
            m -> {
              assertThat(m.get("title").asText()).isNotBlank();
              assertThat(m.get("imageUrl").asText()).contains("/catalog/images/");
            });
    assertThat(first.get(0).get("productId").asText()).isEqualTo("1");
    assertThat(first.get(0).get("price").asDouble()).isEqualTo(5.0);

    // the next version: product 1 costs 7.5, product 2 is gone
    List<Product> next =
        fx.products().stream()
            .filter(p -> !p.productId().equals("2"))
            .map(
                p ->
                    p.productId().equals("1")
                        ? new Product(
                            p.productId(),
                            p.category(),
                            p.title(),
                            p.brand(),
                            7.5,
                            p.currency(),
                            p.colour(),
                            p.pattern(),
                            p.image())
                        : p)
            .toList();
    fx.publishWithDetails(versioned, "v2", next);
    String near2 = embedded("2", "1");

    JsonNode body = json(aws.handle(ApiRequest.get("/looks/" + near2 + "?k=50")));
    assertThat(body.findValuesAsText("productId")).doesNotContain("2").contains("1");
    for (JsonNode item : body.get("items")) {
      for (JsonNode m : item.get("matches")) {
        if (m.get("productId").asText().equals("1")) {
          assertThat(m.get("price").asDouble()).isEqualTo(7.5);
        }
      }
    }
    assertError(aws.handle(ApiRequest.get("/products/2/similar")), 404, "product_not_found");
    assertThat(
            json(aws.handle(ApiRequest.get("/products/1/similar"))).at("/product/price").asDouble())
        .isEqualTo(7.5);
  }

  @Test
  void aVersionWithoutDetailsAndNoProductStoreShowsNoMatches() {
    LookApi aws =
        new LookApi(
            looks,
            new IndexReader(bucket, Duration.ZERO, 1 << 20, null),
            signer,
            QuerySettings.defaults(),
            clock);
    String id = embedded("1");

    assertThat(json(aws.handle(ApiRequest.get("/looks/" + id))).at("/items/0/matches")).isEmpty();
  }

  // -------------------------------------------------------------- GET /products/{id}/similar

  @Test
  void similarProductsExcludeTheProductItselfAndStayInItsCategory() {
    ApiResponse r = api.handle(ApiRequest.get("/products/41/similar?k=5"));

    assertThat(r.status()).isEqualTo(200);
    assertJsonHeaders(r);
    JsonNode body = json(r);
    assertThat(body.get("product").toString())
        .isEqualTo(
            "{\"productId\":\"41\",\"title\":\"bags no. 0\",\"brand\":\"Halden\",\"price\":5.0,"
                + "\"currency\":\"EUR\",\"category\":\"bags\",\"imageUrl\":"
                + JSON.valueToTree(body.at("/product/imageUrl").asText())
                + "}");
    assertThat(body.at("/product/imageUrl").asText()).contains("/catalog/images/41.jpg?");
    assertThat(body.get("matches"))
        .hasSize(5)
        .allSatisfy(
            m -> {
              assertThat(m.get("productId").asText()).isNotEqualTo("41");
              assertThat(fx.product(m.get("productId").asText()).category())
                  .isEqualTo(Category.BAGS);
            });
    assertThat(json(api.handle(ApiRequest.get("/products/41/similar?k=100"))).get("matches"))
        .hasSize(39);
    assertThat(json(api.handle(ApiRequest.get("/products/41/similar?brand=Norr"))).get("matches"))
        .hasSize(6)
        .allSatisfy(m -> assertThat(m.get("brand").asText()).isEqualTo("Norr"));
  }

  @Test
  void aCatalogProductThatIsNotIndexedYetIs404() {
    FileProductStore newer = new FileProductStore(dir.resolve("newer.jsonl"));
    newer.putAll(
        List.of(new Product("81", Category.TOPS, "new", "Norr", 9, "EUR", null, null, null)));
    assertError(
        api(looks, newer, bucket).handle(ApiRequest.get("/products/81/similar")),
        404,
        "product_not_indexed");
  }

  // ------------------------------------------------------------------------------ GET /health

  @Test
  void healthNamesTheLiveIndex() {
    ApiResponse r = api.handle(ApiRequest.get("/health"));
    assertThat(r.status()).isEqualTo(200);
    assertJsonHeaders(r);
    assertThat(json(r).toString())
        .isEqualTo(
            "{\"status\":\"ok\",\"index\":{\"version\":\"v1\",\"model\":\"test-embedder@1\","
                + "\"products\":80,\"categories\":[\"bags\",\"tops\"]}}");
  }

  @Test
  void anIndexRebuiltWithAnotherEmbedderUnderARunningServerIsSaidPlainly() throws IOException {
    // btl serve embeds looks with test-embedder@1, the model of the live index v1
    FileBlobStore rebuilt = new FileBlobStore(dir.resolve("rebuilt"));
    fx.publish(rebuilt);
    LookApi serving =
        new LookApi(
            looks,
            products,
            new IndexReader(rebuilt, Duration.ZERO, 1 << 20, null),
            signer,
            QuerySettings.defaults(),
            clock,
            new LookApi.EmbeddingModel("test-embedder@1", "", QueryFixture.DIM));
    String id = embedded("1");
    assertThat(serving.handle(ApiRequest.get("/health")).status()).isEqualTo(200);
    assertThat(serving.handle(ApiRequest.get("/looks/" + id)).status()).isEqualTo(200);

    // then the catalog is indexed again with another model of the same dimension
    IndexManifest v1 =
        IndexManifest.fromJson(
            rebuilt.get(IndexKeys.manifest(QueryFixture.VERSION)).orElseThrow(), "v1");
    new IndexPublisher(rebuilt)
        .publish(
            new IndexManifest(
                1,
                "v2",
                "clip-vit-b32",
                "2026.12",
                QueryFixture.DIM,
                "cosine",
                "float32",
                true,
                "2026-12-07T00:00:00Z",
                v1.shards(),
                null,
                "c".repeat(64)));

    ApiResponse health = serving.handle(ApiRequest.get("/health"));
    assertThat(health.status()).isEqualTo(503);
    assertThat(json(health).get("status").asText()).isEqualTo("misconfigured");
    assertThat(json(health).at("/error/code").asText()).isEqualTo("embedder_mismatch");
    assertThat(json(health).at("/error/message").asText())
        .contains("v2 was built with clip-vit-b32@2026.12", "embedded with test-embedder@1");
    // the look is not 'outdated' (uploading again cannot help): the answer says what is wrong
    ApiResponse look = serving.handle(ApiRequest.get("/looks/" + embedded("1")));
    assertError(look, 503, "embedder_mismatch");
    assertThat(json(look).at("/error/message").asText())
        .contains("--embedder")
        .doesNotContain("Upload the photo again");
  }

  @Test
  void healthIs503UntilAnIndexIsPublished() {
    ApiResponse r =
        api(looks, products, new FileBlobStore(dir.resolve("empty")))
            .handle(ApiRequest.get("/health"));
    assertThat(r.status()).isEqualTo(503);
    assertJsonHeaders(r);
    assertThat(json(r).get("status").asText()).isEqualTo("unavailable");
    assertThat(json(r).at("/error/code").asText()).isEqualTo("index_unavailable");
    assertThat(json(r).at("/error/message").asText()).contains("btl index");
  }

  // --------------------------------------------------------------------------------- errors

  static Stream<Arguments> clientMistakes() {
    String valid = "3f0c9a52-8d1e-4c1e-9a51-0d7f2f6b1a10";
    String json = "application/json";
    return Stream.of(
        // routes and methods
        mistake("unknown route", "GET", "/nope", null, null, null, 404, "not_found"),
        mistake("root", "GET", "/", null, null, null, 404, "not_found"),
        mistake("too deep", "GET", "/looks/" + valid + "/x", null, null, null, 404, "not_found"),
        mistake("empty segment", "GET", "//looks", null, null, null, 404, "not_found"),
        mistake("dot segments", "GET", "/looks/../health", null, null, null, 404, "not_found"),
        mistake("relative path", "GET", "looks", null, null, null, 404, "not_found"),
        mistake(
            "DELETE a look",
            "DELETE",
            "/looks/" + valid,
            null,
            null,
            null,
            405,
            "method_not_allowed"),
        mistake("GET /looks", "GET", "/looks", null, null, null, 405, "method_not_allowed"),
        mistake("POST /health", "POST", "/health", null, null, null, 405, "method_not_allowed"),
        mistake("lower-case method", "get", "/health", null, null, null, 405, "method_not_allowed"),
        mistake(
            "PUT similar",
            "PUT",
            "/products/1/similar",
            null,
            null,
            null,
            405,
            "method_not_allowed"),
        // look ids
        mistake("short id", "GET", "/looks/abc", null, null, null, 400, "invalid_look_id"),
        mistake(
            "long id", "GET", "/looks/" + "a".repeat(65), null, null, null, 400, "invalid_look_id"),
        mistake(
            "traversal",
            "GET",
            "/looks/..%2F..%2Fetc%2Fpasswd",
            null,
            null,
            null,
            400,
            "invalid_look_id"),
        mistake("dot dot", "GET", "/looks/..", null, null, null, 400, "invalid_look_id"),
        mistake(
            "unicode",
            "GET",
            "/looks/%C3%A9t%C3%A9-look-id",
            null,
            null,
            null,
            400,
            "invalid_look_id"),
        mistake("raw unicode", "GET", "/looks/ééééééééé", null, null, null, 400, "invalid_look_id"),
        mistake("NUL", "GET", "/looks/abcdefgh%00", null, null, null, 400, "invalid_look_id"),
        mistake(
            "newline",
            "GET",
            "/looks/abcdefgh%0Aset-cookie",
            null,
            null,
            null,
            400,
            "invalid_look_id"),
        mistake(
            "bad escape", "GET", "/looks/abcdefgh%zz", null, null, null, 400, "invalid_look_id"),
        mistake("space", "GET", "/looks/abcd%20efgh", null, null, null, 400, "invalid_look_id"),
        mistake("unknown look", "GET", "/looks/" + valid, null, null, null, 404, "look_not_found"),
        // k
        mistake("k word", "GET", "/looks/" + valid, "k=abc", null, null, 400, "invalid_parameter"),
        mistake("k zero", "GET", "/looks/" + valid, "k=0", null, null, 400, "invalid_parameter"),
        mistake(
            "k negative", "GET", "/looks/" + valid, "k=-1", null, null, 400, "invalid_parameter"),
        mistake("k 101", "GET", "/looks/" + valid, "k=101", null, null, 400, "invalid_parameter"),
        mistake(
            "k huge",
            "GET",
            "/looks/" + valid,
            "k=99999999999999999999999",
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "k fraction", "GET", "/looks/" + valid, "k=1.5", null, null, 400, "invalid_parameter"),
        mistake(
            "k exponent", "GET", "/looks/" + valid, "k=1e2", null, null, 400, "invalid_parameter"),
        mistake("k spaces", "GET", "/looks/" + valid, "k=+6", null, null, 400, "invalid_parameter"),
        mistake(
            "k other digits",
            "GET",
            "/looks/" + valid,
            "k=%D9%A3",
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "k twice", "GET", "/looks/" + valid, "k=1&k=2", null, null, 400, "invalid_parameter"),
        // prices
        mistake(
            "NaN", "GET", "/looks/" + valid, "minPrice=NaN", null, null, 400, "invalid_parameter"),
        mistake(
            "Infinity",
            "GET",
            "/looks/" + valid,
            "maxPrice=Infinity",
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "negative",
            "GET",
            "/looks/" + valid,
            "minPrice=-5",
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "hex", "GET", "/looks/" + valid, "minPrice=0x10", null, null, 400, "invalid_parameter"),
        mistake(
            "exponent",
            "GET",
            "/looks/" + valid,
            "maxPrice=1e3",
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "min above max",
            "GET",
            "/looks/" + valid,
            "minPrice=50&maxPrice=20",
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "price twice",
            "GET",
            "/looks/" + valid,
            "maxPrice=5&maxPrice=6",
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "bad k beside a tracking parameter",
            "GET",
            "/looks/" + valid,
            "utm_source=x&k=0",
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "brand too long",
            "GET",
            "/looks/" + valid,
            "brand=" + "b".repeat(101),
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "brand control",
            "GET",
            "/looks/" + valid,
            "brand=a%07b",
            null,
            null,
            400,
            "invalid_parameter"),
        mistake(
            "too many brands",
            "GET",
            "/looks/" + valid,
            "brand=y" + brandList(20),
            null,
            null,
            400,
            "invalid_parameter"),
        // products
        mistake(
            "product traversal",
            "GET",
            "/products/..%2Fx/similar",
            null,
            null,
            null,
            400,
            "invalid_product_id"),
        mistake(
            "product space",
            "GET",
            "/products/a%20b/similar",
            null,
            null,
            null,
            400,
            "invalid_product_id"),
        mistake(
            "product unicode",
            "GET",
            "/products/%E2%80%AE1/similar",
            null,
            null,
            null,
            400,
            "invalid_product_id"),
        mistake(
            "unknown product",
            "GET",
            "/products/999/similar",
            null,
            null,
            null,
            404,
            "product_not_found"),
        mistake(
            "similar k", "GET", "/products/1/similar", "k=0", null, null, 400, "invalid_parameter"),
        // POST /looks bodies
        mistake("bad json", "POST", "/looks", null, json, "{", 400, "invalid_json"),
        mistake("trailing json", "POST", "/looks", null, json, "{} {}", 400, "invalid_json"),
        mistake(
            "duplicate key",
            "POST",
            "/looks",
            null,
            json,
            "{\"contentType\":\"image/png\",\"contentType\":\"image/gif\"}",
            400,
            "invalid_json"),
        mistake(
            "deep nesting",
            "POST",
            "/looks",
            null,
            json,
            "[".repeat(2000) + "]".repeat(2000),
            400,
            "invalid_json"),
        mistake(
            "not utf-8", "POST", "/looks", null, json, "{\"contentType\":\"\u00ff\"}", 400, null),
        mistake("array", "POST", "/looks", null, json, "[]", 400, "invalid_body"),
        mistake("string", "POST", "/looks", null, json, "\"image/png\"", 400, "invalid_body"),
        mistake(
            "unknown field",
            "POST",
            "/looks",
            null,
            json,
            "{\"contenType\":\"image/png\"}",
            400,
            "invalid_body"),
        mistake(
            "number type",
            "POST",
            "/looks",
            null,
            json,
            "{\"contentType\":5}",
            400,
            "invalid_body"),
        mistake(
            "null type",
            "POST",
            "/looks",
            null,
            json,
            "{\"contentType\":null}",
            400,
            "invalid_body"),
        mistake(
            "gif",
            "POST",
            "/looks",
            null,
            json,
            "{\"contentType\":\"image/gif\"}",
            400,
            "unsupported_image_type"),
        mistake(
            "text/plain",
            "POST",
            "/looks",
            null,
            "text/plain",
            "{\"contentType\":\"image/png\"}",
            415,
            "unsupported_media_type"),
        mistake(
            "form",
            "POST",
            "/looks",
            null,
            "application/x-www-form-urlencoded",
            "contentType=image/png",
            415,
            "unsupported_media_type"),
        mistake(
            "no content type",
            "POST",
            "/looks",
            null,
            null,
            "{\"contentType\":\"image/png\"}",
            415,
            "unsupported_media_type"),
        mistake(
            "oversized",
            "POST",
            "/looks",
            null,
            json,
            "{\"contentType\":\"" + "x".repeat(5000) + "\"}",
            413,
            "body_too_large"),
        mistake(
            "oversized GET",
            "GET",
            "/health",
            null,
            json,
            " ".repeat(4097),
            413,
            "body_too_large"));
  }

  private static String brandList(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("&brand=b").append(i);
    }
    return sb.toString();
  }

  private static Arguments mistake(
      String name,
      String method,
      String path,
      String query,
      String contentType,
      String body,
      int status,
      String code) {
    return Arguments.of(name, method, path, query, contentType, body, status, code);
  }

  @ParameterizedTest(name = "{0}: {1} {2}?{3} → {6} {7}")
  @MethodSource("clientMistakes")
  void clientMistakesAre4xxWithACodeAndASentence(
      String name,
      String method,
      String path,
      String query,
      String contentType,
      String body,
      int status,
      String code) {
    Map<String, String> headers =
        contentType == null ? Map.of() : Map.of("content-type", contentType);
    byte[] bytes =
        body == null
            ? null
            : name.equals("not utf-8")
                ? body.getBytes(StandardCharsets.ISO_8859_1)
                : body.getBytes(StandardCharsets.UTF_8);

    ApiResponse r = api.handle(ApiRequest.of(method, path, query, headers, bytes));

    assertError(r, status, code);
    if (status == 405) {
      assertThat(r.header("Allow")).isIn("GET", "POST");
    }
  }

  @Test
  void aBugIs500WithAGenericMessage() {
    LookStore broken =
        new FailingLookStore(new IllegalStateException("secret internals at line 42"));
    ApiResponse r =
        api(broken, products, bucket).handle(ApiRequest.get("/looks/" + LookIds.newId()));

    assertError(r, 500, "internal_error");
    assertThat(r.body()).doesNotContain("secret internals");
  }

  @Test
  void anUnavailableTableIs503() {
    LookStore down = new FailingLookStore(new LookStoreException("throttled", null));
    ApiResponse r = api(down, products, bucket).handle(ApiRequest.get("/looks/" + LookIds.newId()));

    assertError(r, 503, "unavailable");
    assertThat(r.header("Retry-After")).isNotNull();
  }

  @Test
  void openApiJsonIsTheDocumentOfEveryRoute() {
    ApiResponse r = api.handle(ApiRequest.get("/openapi.json"));

    assertThat(r.status()).isEqualTo(200);
    assertJsonHeaders(r);
    JsonNode doc = json(r);
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(fieldNames(doc.get("paths")))
        .containsExactlyInAnyOrder(
            "/looks",
            "/looks/{id}",
            "/products/{id}/similar",
            "/health",
            "/openapi.json",
            // the web page's files, answered in front of the API (the query handler's WebPage)
            "/",
            "/app.js",
            "/style.css");
    assertError(
        api.handle(ApiRequest.of("POST", "/openapi.json", null, Map.of(), null)),
        405,
        "method_not_allowed");
  }

  @Test
  void aTrailingSlashIsTheSameRoute() {
    assertThat(api.handle(ApiRequest.get("/health/")).status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------------------------- helpers

  /** A look embedded with one item near each given product. */
  private String embedded(String... nearProductIds) {
    String id = LookIds.newId();
    looks.markDetected(
        id,
        LookKeys.upload(id, ImageFormat.JPEG),
        640,
        480,
        fx.items(id, false, nearProductIds),
        NOW,
        EXPIRES);
    assertThat(looks.markEmbedded(id, fx.items(id, true, nearProductIds), NOW)).isTrue();
    return id;
  }

  private static ApiRequest post(String body, String contentType) {
    return ApiRequest.of(
        "POST",
        "/looks",
        null,
        Map.of("Content-Type", contentType),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> matchIds(JsonNode matches) {
    List<String> ids = new java.util.ArrayList<>();
    matches.forEach(m -> ids.add(m.get("productId").asText()));
    return ids;
  }

  private static JsonNode json(ApiResponse r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false)
        .toList();
  }

  private static void assertJsonHeaders(ApiResponse r) {
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(r.header("cache-control")).isEqualTo("no-store");
  }

  static void assertError(ApiResponse r, int status, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertJsonHeaders(r);
    JsonNode error = json(r).get("error");
    assertThat(error).as(r.body()).isNotNull();
    if (code != null) {
      assertThat(error.get("code").asText()).isEqualTo(code);
    }
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(json(r).size()).isEqualTo(1);
  }

  /** Fault injection around the real store: every call fails with the given exception. */
  private static final class FailingLookStore implements LookStore {
    private final RuntimeException failure;

    FailingLookStore(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public boolean createPending(String lookId, Instant now, Instant expiresAt) {
      throw failure;
    }

    @Override
    public Optional<Look> get(String lookId) {
      throw failure;
    }

    @Override
    public boolean markDetected(
        String lookId,
        String imageKey,
        int width,
        int height,
        List<LookItem> items,
        Instant now,
        Instant expiresAt) {
      throw failure;
    }

    @Override
    public boolean markEmbedded(String lookId, List<LookItem> items, Instant now) {
      throw failure;
    }

    @Override
    public boolean markFailed(
        String lookId, String imageKey, String reason, Instant now, Instant expiresAt) {
      throw failure;
    }
  }

  /** Counts the calls that reach the real store. */
  private static final class ProductStoreCounting implements ProductStore {
    final AtomicInteger getCalls = new AtomicInteger();
    final AtomicInteger getAllCalls = new AtomicInteger();
    private final ProductStore delegate;

    ProductStoreCounting(ProductStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<Product> get(String productId) {
      getCalls.incrementAndGet();
      return delegate.get(productId);
    }

    @Override
    public Map<String, Product> getAll(Collection<String> ids) {
      getAllCalls.incrementAndGet();
      return delegate.getAll(ids);
    }

    @Override
    public void putAll(Collection<Product> products) {
      delegate.putAll(products);
    }
  }
}
