package com.buythatlook.functions.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.buythatlook.core.api.ApiRequest;
import com.buythatlook.core.api.FuzzRequests;
import com.buythatlook.core.api.FuzzRequests.FuzzRequest;
import com.buythatlook.core.api.LookApi;
import com.buythatlook.core.api.QueryFixture;
import com.buythatlook.core.api.QuerySettings;
import com.buythatlook.core.catalog.FileProductStore;
import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.look.FileLookStore;
import com.buythatlook.core.look.LookIds;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.storage.FileBlobStore;
import com.buythatlook.core.storage.S3UrlSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * API fuzzing through the Lambda handler: the generated malformed requests of {@link FuzzRequests}
 * (bad JSON, wrong types, huge and negative k, unknown routes and methods, path traversal and
 * unicode in ids, oversized and deeply nested bodies, invalid base64, …) as API Gateway payload v2
 * events, against a real {@link LookApi} over the fixture's catalog, index and an embedded look.
 * Not one may get a 5xx; every answer is JSON, every error {@code {"error": {"code", "message"}}};
 * nothing is logged as a bug.
 */
class QueryFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 20261126L;

  @TempDir Path dir;

  @Test
  void noGeneratedRequestGetsA5xxOrANonJsonAnswer() throws Exception {
    // given the fixture's catalog and index, and an embedded look with a top and a bag
    QueryFixture fx = new QueryFixture(7);
    FileBlobStore bucket = new FileBlobStore(dir.resolve("bucket"));
    fx.publish(bucket);
    FileProductStore products = new FileProductStore(dir.resolve("products.jsonl"));
    products.putAll(fx.products());
    FileLookStore looks = new FileLookStore(dir.resolve("looks"));
    Instant now = Instant.now();
    String lookId = LookIds.newId();
    looks.markDetected(
        lookId,
        LookKeys.upload(lookId, ImageFormat.JPEG),
        640,
        480,
        fx.items(lookId, false, "3", "47"),
        now,
        now.plus(Duration.ofDays(1)));
    looks.markEmbedded(lookId, fx.items(lookId, true, "3", "47"), now);
    QueryHandler handler =
        new QueryHandler(
            new LookApi(
                looks,
                products,
                new IndexReader(bucket, Duration.ofSeconds(5), 1 << 20, null),
                signer(),
                QuerySettings.defaults(),
                Clock.systemUTC()));
    List<FuzzRequest> requests = FuzzRequests.generate(SEED, lookId, "12");
    assertThat(requests).hasSizeGreaterThanOrEqualTo(FuzzRequests.AT_LEAST);
    assertThat(FuzzRequests.countByCategory(requests).keySet())
        .containsAll(FuzzRequests.categories());
    // and that the valid request among them does find matches: the fuzzing reaches the index
    APIGatewayV2HTTPResponse valid =
        handler.handleRequest(
            event("GET", "/looks/" + lookId, "k=3", Map.of(), null, false),
            new TestContext("fuzz-valid"));
    assertThat(JSON.readTree(valid.getBody()).path("items").get(0).path("matches").size())
        .isEqualTo(3);

    // when every generated request, and a few events no client can make, is handled
    List<String> failures = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, Integer> codes = new TreeMap<>();
    List<CapturedLogs.Line> warnings;
    Configurator.setLevel("com.buythatlook", Level.WARN); // 1,000 access lines are noise here
    try (CapturedLogs logs = new CapturedLogs()) {
      int n = 0;
      for (FuzzRequest r : requests) {
        APIGatewayV2HTTPEvent ev = event(r);
        APIGatewayV2HTTPResponse response =
            handler.handleRequest(ev, new TestContext("fuzz-" + n++));
        check(
            r.describe(),
            isPage(ev),
            response,
            r.method().equals("HEAD"),
            failures,
            statuses,
            codes);
        if (!r.method().equals("HEAD")) {
          OpenApiCheck.check(r.method(), r.rawPath(), response);
        }
      }
      for (Map.Entry<String, APIGatewayV2HTTPEvent> e : oddEvents(lookId).entrySet()) {
        check(
            e.getKey(),
            isPage(e.getValue()),
            handler.handleRequest(e.getValue(), null),
            false,
            failures,
            statuses,
            codes);
      }
      warnings = List.copyOf(logs.lines());
    } finally {
      Configurator.setLevel("com.buythatlook", Level.INFO);
    }

    // then
    int total = requests.size() + oddEvents(lookId).size();
    System.out.printf(
        Locale.ROOT,
        "QueryFuzzTest: %d requests (%s), statuses %s, codes %s%n",
        total,
        FuzzRequests.countByCategory(requests),
        statuses,
        codes);
    assertThat(failures).as("requests answered with a 5xx or without a JSON body").isEmpty();
    assertThat(statuses.keySet()).allMatch(s -> s >= 200 && s < 500);
    assertThat(warnings)
        .as("lines logged as bugs or outages")
        .noneMatch(l -> l.message().contains("unexpected error") || l.message().contains("→ 5"));
  }

  /** Whether the event asks for one of the web page's files, which are not JSON. */
  private static boolean isPage(APIGatewayV2HTTPEvent event) {
    ApiRequest r = QueryHandler.toRequest(event);
    return r != null && new WebPage().answer(r.method(), r.path()).isPresent();
  }

  private static void check(
      String what,
      boolean page,
      APIGatewayV2HTTPResponse response,
      boolean head,
      List<String> failures,
      Map<Integer, Integer> statuses,
      Map<String, Integer> codes) {
    int status = response.getStatusCode();
    statuses.merge(status, 1, Integer::sum);
    String problem = null;
    String type = response.getHeaders().get("Content-Type");
    if (status >= 500 || status < 200) {
      problem = "status " + status;
    } else if (page) {
      if (status != 200 || type == null || !type.startsWith("text/")) {
        problem = "the web page's file answered " + status + " " + type;
      }
    } else if (!"application/json".equals(response.getHeaders().get("Content-Type"))) {
      problem = "Content-Type " + response.getHeaders().get("Content-Type");
    } else if (!head) {
      try {
        JsonNode body = JSON.readTree(response.getBody());
        if (status >= 400) {
          String code = body.path("error").path("code").asText("");
          codes.merge(code, 1, Integer::sum);
          if (code.isEmpty() || body.path("error").path("message").asText("").isBlank()) {
            problem = "error body without code and message";
          }
        } else if (body == null || !body.isObject()) {
          problem = "not a JSON object";
        }
      } catch (IOException e) {
        problem = "body is not JSON: " + e.getMessage();
      }
    }
    if (problem != null) {
      failures.add(
          what + " → " + status + ": " + problem + "; body " + abbreviate(response.getBody()));
    }
  }

  /** The event API Gateway (HTTP API, payload 2.0, {@code $default} stage) would send. */
  static APIGatewayV2HTTPEvent event(FuzzRequest r) {
    String body;
    boolean base64;
    if (r.body().length == 0 && r.bodyMode() != FuzzRequests.BodyMode.CLAIMS_BASE64) {
      body = null;
      base64 = false;
    } else {
      switch (r.bodyMode()) {
        case TEXT -> {
          body = new String(r.body(), StandardCharsets.UTF_8);
          base64 = false;
        }
        case BASE64 -> {
          body = Base64.getEncoder().encodeToString(r.body());
          base64 = true;
        }
        default -> {
          body = new String(r.body(), StandardCharsets.ISO_8859_1);
          base64 = true;
        }
      }
    }
    return event(r.method(), r.rawPath(), r.rawQuery(), r.headers(), body, base64);
  }

  private static APIGatewayV2HTTPEvent event(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      String body,
      boolean base64) {
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(rawPath)
        .withRawQueryString(rawQuery == null ? "" : rawQuery)
        .withHeaders(lower)
        .withBody(body)
        .withIsBase64Encoded(base64)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withStage("$default")
                .withRouteKey("$default")
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(rawPath)
                        .build())
                .build())
        .build();
  }

  /** Hand-made events with parts missing, as only a test or a misconfigured caller sends. */
  private static Map<String, APIGatewayV2HTTPEvent> oddEvents(String lookId) {
    APIGatewayV2HTTPEvent bare = new APIGatewayV2HTTPEvent();
    APIGatewayV2HTTPEvent routeOnly =
        APIGatewayV2HTTPEvent.builder()
            .withRouteKey("GET /looks/{id}")
            .withRawPath("/looks/" + lookId)
            .build();
    APIGatewayV2HTTPEvent noRawPath = event("GET", null, null, Map.of(), null, false);
    APIGatewayV2HTTPEvent namedStage = event("GET", "/prod", null, Map.of(), null, false);
    namedStage.getRequestContext().setStage("prod");
    APIGatewayV2HTTPEvent nullQuery = event("GET", "/looks/" + lookId, null, Map.of(), null, false);
    nullQuery.setRawQueryString(null);
    nullQuery.setQueryStringParameters(Map.of("k", "1000"));
    APIGatewayV2HTTPEvent nullHeaders = event("POST", "/looks", null, Map.of(), "{}", false);
    nullHeaders.setHeaders(null);
    APIGatewayV2HTTPEvent emptyMethod = event("", "/health", null, Map.of(), null, false);
    return Map.of(
        "an empty event", bare,
        "an event with only a route key", routeOnly,
        "an event without rawPath", noRawPath,
        "an event for a named stage's root", namedStage,
        "an event with queryStringParameters only", nullQuery,
        "an event with null headers", nullHeaders,
        "an event with an empty method", emptyMethod);
  }

  private static S3UrlSigner signer() {
    S3Client s3 =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    return new S3UrlSigner(s3, "b");
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
