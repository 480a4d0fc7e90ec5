package com.buythatlook.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.testing.OpenApiResponses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over HTTP against the local runtime, as a browser and a person would use it: a tiny
 * synthetic catalog is generated and indexed with the default models (the {@code btl demo} path), a
 * street photo of its test split is uploaded through {@code POST /looks} and the presigned form to
 * the embedded S3 server, and the look is polled until it has matches. Then filters, "more like
 * this", errors, a photo that is no image, and a restart on the same folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL_LIMIT = Duration.ofSeconds(60);
  private static final int K = 6;

  @TempDir static Path data;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final StringWriter log = new StringWriter();
  private LocalRuntime runtime;
  private String base;

  /** The look uploaded by {@link #aStreetPhotoGetsItemsWithSixMatchesEach}. */
  private JsonNode look;

  @BeforeAll
  void start() throws Exception {
    runtime = LocalRuntime.start(settings(true), new PrintWriter(log, true));
    base = "http://127.0.0.1:" + runtime.port();
  }

  /** 8 products per category: six matches, and six others for "more like this". */
  private LocalRuntime.Settings settings(boolean demo) {
    return new LocalRuntime.Settings(
        data,
        0,
        "default",
        "default",
        demo,
        8,
        20,
        Duration.ofSeconds(2),
        List.of(Duration.ofMillis(100), Duration.ofMillis(200)));
  }

  @AfterAll
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  @Order(1)
  void servesHealthThePageAndTheDemoPhotos() throws Exception {
    JsonNode health = json(get("/health"), 200);
    assertThat(health.path("status").asText()).isEqualTo("ok");
    assertThat(health.path("index").path("products").asLong()).isEqualTo(88);

    HttpResponse<byte[]> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(get("/app.js").statusCode()).isEqualTo(200);

    JsonNode photos = json(get("/demo/photos"), 200).path("photos");
    assertThat(photos.size()).isBetween(1, DemoPhotos.MAX_PHOTOS);
    HttpResponse<byte[]> photo = get(photos.get(0).path("url").asText());
    assertThat(photo.statusCode()).isEqualTo(200);
    assertThat(photo.headers().firstValue("content-type")).hasValue("image/jpeg");
    assertThat(get("/demo/photos/1.jpg").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void aStreetPhotoGetsItemsWithSixMatchesEach() throws Exception {
    // given a street photo of the test split (products in the catalog, photo unseen in training)
    JsonNode photos = json(get("/demo/photos"), 200).path("photos");
    for (JsonNode photo : photos) {
      JsonNode done = uploadAndWait(get(photo.path("url").asText()).body(), "image/jpeg");
      assertThat(done.path("status").asText()).isEqualTo("EMBEDDED");
      if (done.path("items").size() > 0) {
        look = done;
        break;
      }
    }
    assertThat(look).as("a test photo in which the default detector finds items").isNotNull();

    // then every item has a crop and six matches of its category with metadata and images
    assertThat(look.path("imageUrl").asText()).startsWith("http://127.0.0.1:");
    assertThat(load(look.path("imageUrl").asText())).isEqualTo(200);
    for (JsonNode item : look.path("items")) {
      assertThat(load(item.path("cropUrl").asText())).isEqualTo(200);
      JsonNode matches = item.path("matches");
      assertThat(matches.size()).as("matches of %s", item.path("category")).isEqualTo(K);
      for (JsonNode m : matches) {
        assertThat(m.path("productId").asText()).isNotEmpty();
        assertThat(m.path("title").asText()).isNotEmpty();
        assertThat(m.path("brand").asText()).isNotEmpty();
        assertThat(m.path("price").asDouble()).isPositive();
        assertThat(load(m.path("imageUrl").asText())).isEqualTo(200);
      }
    }
  }

  @Test
  @Order(3)
  void priceAndBrandFiltersAreRespected() throws Exception {
    String id = look.path("lookId").asText();
    List<Double> prices = new ArrayList<>();
    look.path("items")
        .forEach(i -> i.path("matches").forEach(m -> prices.add(m.path("price").asDouble())));
    double min = prices.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = prices.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    // whole numbers: the API takes prices as plain decimals
    double lo = Math.floor(min + (max - min) / 4);
    double hi = Math.ceil(max - (max - min) / 4);

    JsonNode filtered =
        json(get("/looks/" + id + "?k=6&minPrice=" + (long) lo + "&maxPrice=" + (long) hi), 200);
    for (JsonNode item : filtered.path("items")) {
      for (JsonNode m : item.path("matches")) {
        assertThat(m.path("price").asDouble()).isBetween(lo, hi);
      }
    }

    String brand = look.path("items").get(0).path("matches").get(0).path("brand").asText();
    JsonNode byBrand =
        json(
            get("/looks/" + id + "?brand=" + URLEncoder.encode(brand, StandardCharsets.UTF_8)),
            200);
    JsonNode first = byBrand.path("items").get(0).path("matches");
    assertThat(first.size()).isPositive();
    first.forEach(m -> assertThat(m.path("brand").asText()).isEqualTo(brand));
  }

  @Test
  @Order(4)
  void moreLikeThisGivesOtherProductsOfTheSameCategory() throws Exception {
    JsonNode item = look.path("items").get(0);
    String productId = item.path("matches").get(0).path("productId").asText();

    JsonNode similar = json(get("/products/" + productId + "/similar?k=4"), 200);

    assertThat(similar.path("product").path("productId").asText()).isEqualTo(productId);
    assertThat(similar.path("product").path("category").asText())
        .isEqualTo(item.path("category").asText());
    assertThat(similar.path("matches").size()).isEqualTo(4);
    similar
        .path("matches")
        .forEach(
            m -> {
              assertThat(m.path("productId").asText()).isNotEqualTo(productId);
              assertThat(m.path("imageUrl").asText()).isNotEmpty();
            });
  }

  @Test
  @Order(5)
  void unknownThingsAre404AndBadInputIs4xxWithAReadableError() throws Exception {
    assertError(get("/looks/no-such-look-0000"), 404, "look_not_found");
    assertError(get("/products/999999999/similar"), 404, "product_not_found");
    assertError(get("/nothing-here"), 404, "not_found");
    assertError(get("/looks/abc"), 400, "invalid_look_id");
    // an encoded '/' is an ambiguous path separator, which Jetty's default URI compliance refuses
    assertError(get("/looks/bad%2F..%2Fid"), 400, "bad_request");
    assertError(get("/looks/" + look.path("lookId").asText() + "?k=abc"), 400, "invalid_parameter");
    assertError(
        get("/looks/" + look.path("lookId").asText() + "?utm_source=x&maxPrice=cheap"),
        400,
        "invalid_parameter");
    assertThat(
            get("/looks/" + look.path("lookId").asText() + "?utm_source=newsletter").statusCode())
        .as("a shared link with a tracking parameter")
        .isEqualTo(200);
    assertError(
        post("/looks", "application/json", "{\"contentType\":\"image/gif\"}"),
        400,
        "unsupported_image_type");
    assertError(post("/looks", "application/json", "{not json"), 400, "invalid_json");
    assertError(
        post("/looks", "application/json", "x".repeat(HttpFront.MAX_BODY_BYTES + 1)),
        413,
        "body_too_large");
    HttpResponse<byte[]> delete =
        checked(
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/looks/" + look.path("lookId").asText()))
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray()));
    assertError(delete, 405, "method_not_allowed");
    JsonNode openApi = json(get("/openapi.json"), 200);
    assertThat(openApi.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(openApi.path("paths").has("/looks/{id}")).isTrue();
  }

  @Test
  @Order(6)
  void anUploadThatIsNoImageEndsFailedWithAReason() throws Exception {
    JsonNode done =
        uploadAndWait(
            "this is a text file, not a photo".getBytes(StandardCharsets.UTF_8), "image/jpeg");

    assertThat(done.path("status").asText()).isEqualTo("FAILED");
    assertThat(done.path("failureReason").asText()).isNotBlank();
    assertThat(done.has("items") ? done.path("items").size() : 0).isZero();
  }

  @Test
  @Order(7)
  void looksSurviveARestartAndAnUploadWhoseEventWasLostIsProcessedAtStart() throws Exception {
    String id = look.path("lookId").asText();
    byte[] photo =
        get(json(get("/demo/photos"), 200).path("photos").get(0).path("url").asText()).body();
    runtime.close();
    // an upload stored while no detect ran (the process died right after S3 took it)
    String lost = "lost-upload-0001";
    Files.write(
        data.resolve("s3").resolve(DataDir.BUCKET).resolve("uploads").resolve(lost + ".jpg"),
        photo);

    runtime = LocalRuntime.start(settings(false), new PrintWriter(log, true));
    base = "http://127.0.0.1:" + runtime.port();

    JsonNode again = json(get("/looks/" + id), 200);
    assertThat(again.path("status").asText()).isEqualTo("EMBEDDED");
    assertThat(again.path("items").size()).isEqualTo(look.path("items").size());
    assertThat(again.path("items").get(0).path("matches").size()).isEqualTo(K);
    assertThat(log.toString()).contains("1 upload(s) of an earlier run had no finished look");
    assertThat(poll(lost).path("status").asText()).isEqualTo("EMBEDDED");
  }

  // ---------------------------------------------------------------------------- helpers

  /** POST /looks, then the presigned form upload, then polls until the look is final. */
  private JsonNode uploadAndWait(byte[] photo, String contentType) throws Exception {
    JsonNode created =
        json(
            post(
                "/looks",
                "application/json",
                JSON.writeValueAsString(Map.of("contentType", contentType))),
            201);
    String lookId = created.path("lookId").asText();
    JsonNode upload = created.path("upload");
    HttpResponse<String> stored = postForm(upload, photo, contentType);
    assertThat(stored.statusCode()).as("S3 upload: %s", stored.body()).isIn(200, 201, 204);

    return poll(lookId);
  }

  /** Polls the look until it is EMBEDDED or FAILED. */
  private JsonNode poll(String lookId) throws Exception {
    long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
    while (true) {
      HttpResponse<byte[]> r = get("/looks/" + lookId);
      if (r.statusCode() == 404) { // not recorded yet: an upload straight to the bucket
        assertThat(System.nanoTime())
            .as("look %s never appeared; log:%n%s", lookId, log)
            .isLessThan(deadline);
        Thread.sleep(200);
        continue;
      }
      JsonNode now = json(r, 200);
      String status = now.path("status").asText();
      if (status.equals("EMBEDDED") || status.equals("FAILED")) {
        return now;
      }
      assertThat(System.nanoTime())
          .as("look %s still %s; log:%n%s", lookId, status, log)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** The browser's multipart/form-data POST: the policy's fields, then the file. */
  private HttpResponse<String> postForm(JsonNode upload, byte[] file, String contentType)
      throws IOException, InterruptedException {
    String boundary = "----btl" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var e : upload.path("fields").properties()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + e.getKey()
                  + "\"\r\n\r\n"
                  + e.getValue().asText()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"photo\"\r\nContent-Type: "
                + contentType
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Origin", base)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An API GET; the answer is checked against docs/openapi.json before it is returned. */
  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return checked(
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray()));
  }

  private HttpResponse<byte[]> post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return checked(
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray()));
  }

  /**
   * Checks an answer of the API against docs/openapi.json; the web page's own files and the local
   * demo-photo list (not part of the API) are left alone.
   */
  private static HttpResponse<byte[]> checked(HttpResponse<byte[]> r) {
    String path = r.request().uri().getRawPath();
    String first = path.length() <= 1 ? "" : path.substring(1).split("/", 2)[0];
    boolean api = List.of("looks", "products", "health", "openapi.json").contains(first);
    boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
    if (first.equals("demo") || (!api && !json)) {
      return r;
    }
    OpenApiResponses.check(
        r.request().method(),
        r.request().uri().getRawPath(),
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(null),
        new String(r.body(), StandardCharsets.UTF_8));
    return r;
  }

  /** GETs a presigned URL; returns the status. */
  private int load(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 200) {
      assertThat(r.body().length).as("bytes at %s", url).isPositive();
    }
    return r.statusCode();
  }

  private static JsonNode json(HttpResponse<byte[]> r, int status) throws IOException {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as("%s → %s", r.request().uri(), body).isEqualTo(status);
    return JSON.readTree(body);
  }

  private static void assertError(HttpResponse<byte[]> r, int status, String code)
      throws IOException {
    JsonNode body = json(r, status);
    assertThat(body.path("error").path("code").asText()).as("%s", body).isEqualTo(code);
    assertThat(body.path("error").path("message").asText()).isNotBlank();
  }
}
