package com.buythatlook.functions.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.buythatlook.core.api.ApiRequest;
import com.buythatlook.core.api.LookApi;
import com.buythatlook.core.api.QueryFixture;
import com.buythatlook.core.api.QuerySettings;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.catalog.FileProductStore;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.look.FileLookStore;
import com.buythatlook.core.storage.FileBlobStore;
import com.buythatlook.core.storage.S3UrlSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Event ↔ request conversion, without AWS: the API behind it runs on the local stores. */
class QueryHandlerTest {
  @TempDir Path dir;

  private static APIGatewayV2HTTPEvent event(String method, String rawPath, String rawQuery) {
    return APIGatewayV2HTTPEvent.builder()
        .withRouteKey("$default")
        .withRawPath(rawPath)
        .withRawQueryString(rawQuery)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withStage("$default")
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(rawPath)
                        .build())
                .build())
        .build();
  }

  @Test
  void repeatedQueryParametersSurviveThroughTheRawQueryString() {
    APIGatewayV2HTTPEvent e = event("GET", "/looks/abcdefgh", "brand=A&brand=B%2CC&k=3");
    // what API Gateway puts in queryStringParameters for the same request
    e.setQueryStringParameters(Map.of("brand", "A,B,C", "k", "3"));

    ApiRequest r = QueryHandler.toRequest(e);

    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/looks/abcdefgh");
    assertThat(r.query())
        .containsEntry("brand", List.of("A", "B,C"))
        .containsEntry("k", List.of("3"));
    assertThat(r.headers()).containsEntry("content-type", "application/json");
  }

  @Test
  void theWebPageIsServedFromTheApiItsOwnOrigin() throws Exception {
    QueryHandler handler = handlerOnLocalStores();

    APIGatewayV2HTTPResponse page = handler.handleRequest(event("GET", "/", null), null);
    assertThat(page.getStatusCode()).isEqualTo(200);
    assertThat(page.getHeaders())
        .containsEntry("Content-Type", "text/html; charset=utf-8")
        .containsEntry("X-Content-Type-Options", "nosniff");
    assertThat(page.getBody()).contains("<script src=\"app.js\"");
    APIGatewayV2HTTPResponse script = handler.handleRequest(event("GET", "/app.js", null), null);
    assertThat(script.getHeaders()).containsEntry("Content-Type", "text/javascript; charset=utf-8");
    // relative API paths: the page calls the API on the origin it came from
    assertThat(script.getBody()).contains("api('/looks'");
    assertThat(handler.handleRequest(event("GET", "/style.css", null), null).getHeaders())
        .containsEntry("Content-Type", "text/css; charset=utf-8");
    // anything else is the API's: its 404 and 405 bodies
    assertThat(handler.handleRequest(event("GET", "/index.php", null), null).getStatusCode())
        .isEqualTo(404);
    assertThat(handler.handleRequest(event("POST", "/app.js", null), null).getStatusCode())
        .isEqualTo(404);
  }

  @Test
  void withoutARawQueryStringTheParametersAreTakenAsSingleValues() {
    APIGatewayV2HTTPEvent e = event("GET", "/health", null);
    e.setQueryStringParameters(Map.of("k", "3"));
    assertThat(QueryHandler.toRequest(e).query()).containsExactly(Map.entry("k", List.of("3")));
  }

  @Test
  void base64BodiesAreDecodedAndPlainOnesTakenAsUtf8() {
    APIGatewayV2HTTPEvent e = event("POST", "/looks", "");
    e.setBody(
        Base64.getEncoder()
            .encodeToString("{\"contentType\":\"image/png\"}".getBytes(StandardCharsets.UTF_8)));
    e.setIsBase64Encoded(true);
    assertThat(new String(QueryHandler.toRequest(e).body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"contentType\":\"image/png\"}");

    e.setBody("{\"contentType\":\"é\"}");
    e.setIsBase64Encoded(false);
    assertThat(QueryHandler.toRequest(e).body())
        .isEqualTo("{\"contentType\":\"é\"}".getBytes(StandardCharsets.UTF_8));

    e.setBody("not base64!");
    e.setIsBase64Encoded(true);
    assertThat(QueryHandler.toRequest(e)).isNull();
  }

  @Test
  void aMissingVariableIsNamedAtStartUp() {
    AwsClients aws =
        AwsClients.forEndpoint(
            URI.create("http://127.0.0.1:9"),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
    Map<String, String> env = Map.of("BUCKET", "b");
    assertThatThrownBy(() -> QueryFunction.build(env::get, aws, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LOOKS_TABLE");
    Map<String, String> badTtl =
        Map.of("BUCKET", "b", "LOOKS_TABLE", "L", "UPLOAD_URL_SECONDS", "3600");
    assertThatThrownBy(() -> QueryFunction.build(badTtl::get, aws, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UPLOAD_URL_SECONDS");
  }

  @Test
  void aNamedStageIsNotPartOfTheRoute() {
    APIGatewayV2HTTPEvent e = event("GET", "/prod/looks/abcdefgh", null);
    e.getRequestContext().setStage("prod");
    assertThat(QueryHandler.toRequest(e).path()).isEqualTo("/looks/abcdefgh");
  }

  private QueryHandler handlerOnLocalStores() throws Exception {
    QueryFixture fx = new QueryFixture(7);
    FileBlobStore bucket = new FileBlobStore(dir.resolve("bucket"));
    fx.publish(bucket);
    FileProductStore products = new FileProductStore(dir.resolve("products.jsonl"));
    products.putAll(fx.products());
    S3Client s3 =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    return new QueryHandler(
        new LookApi(
            new FileLookStore(dir.resolve("looks")),
            products,
            new IndexReader(bucket, Duration.ofSeconds(5), 1 << 20, null),
            new S3UrlSigner(s3, "b"),
            QuerySettings.defaults(),
            Clock.systemUTC()));
  }

  @Test
  void responsesCarryStatusHeadersAndAPlainBody() throws Exception {
    QueryHandler handler = handlerOnLocalStores();

    APIGatewayV2HTTPResponse ok =
        OpenApiCheck.handle(handler, event("GET", "/health", null), new TestContext("req-1"));
    APIGatewayV2HTTPResponse notAllowed =
        OpenApiCheck.handle(handler, event("DELETE", "/health", null), null);
    APIGatewayV2HTTPEvent bad = event("POST", "/looks", null);
    bad.setBody("%%%");
    bad.setIsBase64Encoded(true);
    APIGatewayV2HTTPResponse badBody = OpenApiCheck.handle(handler, bad, null);

    assertThat(ok.getStatusCode()).isEqualTo(200);
    assertThat(ok.getHeaders()).containsEntry("Content-Type", "application/json");
    assertThat(ok.getIsBase64Encoded()).isFalse();
    assertThat(ok.getBody()).contains("\"status\":\"ok\"");
    assertThat(notAllowed.getStatusCode()).isEqualTo(405);
    assertThat(notAllowed.getHeaders()).containsEntry("Allow", "GET");
    assertThat(badBody.getStatusCode()).isEqualTo(400);
    assertThat(badBody.getBody()).contains("invalid_body");
  }

  @Test
  void logLinesAboutALookCarryItsIdAndTheRequestId() throws Exception {
    QueryHandler handler = handlerOnLocalStores();
    String id = "3f0c9a52-8d1e-4c1e-9a51-0d7f2f6b1a10";

    try (CapturedLogs logs = new CapturedLogs()) {
      OpenApiCheck.handle(handler, event("GET", "/looks/" + id, "k=2"), new TestContext("req-42"));
      OpenApiCheck.handle(handler, event("GET", "/health", null), new TestContext("req-43"));

      assertThat(logs.lines())
          .anySatisfy(
              l -> {
                assertThat(l.message()).startsWith("GET /looks/" + id + " → 404");
                assertThat(l.lookId()).isEqualTo(id);
                assertThat(l.requestId()).isEqualTo("req-42");
              });
      assertThat(logs.lines())
          .anySatisfy(
              l -> {
                assertThat(l.message()).startsWith("GET /health → 200");
                assertThat(l.lookId()).as("not left over from the previous request").isNull();
              });
    }
  }
}
