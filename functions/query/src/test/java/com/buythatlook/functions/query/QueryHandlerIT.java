package com.buythatlook.functions.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.buythatlook.core.api.QueryFixture;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.look.DynamoLookStore;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.core.testing.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The handler as Lambda runs it: the events/ files, deserialised the way the Java runtime does
 * (aws-lambda-java-tests), against moto_server's S3 and DynamoDB, with the API wired by the same
 * code as the no-argument constructor ({@link QueryFunction#build}) from an environment map.
 */
class QueryHandlerIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  /** The ids events/README.md says the tests seed. */
  static final String BUCKET = "btl-test-images";

  static final String LOOK_ID = "3f0c9a52-8d1e-4c1e-9a51-0d7f2f6b1a10";
  static final String LOOKS = "Looks";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final QueryFixture FX = new QueryFixture(11);

  @TempDir static Path spill;
  private static AwsClients aws;
  private static QueryHandler handler;

  @BeforeAll
  static void seed() throws Exception {
    aws =
        AwsClients.forEndpoint(
            URI.create(MOTO.endpoint()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    aws.s3().createBucket(b -> b.bucket(BUCKET));
    MotoServer.createTable(aws.dynamoDb(), LOOKS, "lookId");

    // the details travel with the index version, as the batch job publishes them
    FX.publishWithDetails(new S3BlobStore(aws.s3(), BUCKET, ""), "v1", FX.products());
    // the look of the events: embedded, with a top near product 1 and a bag near product 41
    DynamoLookStore looks = new DynamoLookStore(aws.dynamoDb(), LOOKS);
    Instant now = Instant.now();
    Instant expires = now.plus(Duration.ofDays(30));
    looks.markDetected(
        LOOK_ID,
        LookKeys.upload(LOOK_ID, ImageFormat.JPEG),
        640,
        480,
        FX.items(LOOK_ID, false, "1", "41"),
        now,
        expires);
    looks.markEmbedded(LOOK_ID, FX.items(LOOK_ID, true, "1", "41"), now);

    Map<String, String> env =
        Map.of(
            "BUCKET",
            BUCKET,
            "LOOKS_TABLE",
            LOOKS,
            "IMAGE_URL_SECONDS",
            "120",
            "MAX_UPLOAD_BYTES",
            "1048576");
    handler = new QueryHandler(QueryFunction.build(env::get, aws, spill));
  }

  @ParameterizedTest
  @Event(value = "../../events/http-get-look.json", type = APIGatewayV2HTTPEvent.class)
  void anEmbeddedLookHasFilteredMatchesPerItem(APIGatewayV2HTTPEvent event) throws Exception {
    // when: GET /looks/{id}?k=6&minPrice=10&maxPrice=200&brand=Halden
    APIGatewayV2HTTPResponse r = OpenApiCheck.handle(handler, event, new TestContext("req-look"));

    // then
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    assertThat(r.getHeaders()).containsEntry("Cache-Control", "no-store");
    JsonNode body = JSON.readTree(r.getBody());
    assertThat(body.get("lookId").asText()).isEqualTo(LOOK_ID);
    assertThat(body.get("status").asText()).isEqualTo(LookStatus.EMBEDDED.name());
    assertThat(body.get("imageUrl").asText())
        .startsWith(MOTO.endpoint() + "/" + BUCKET + "/uploads/" + LOOK_ID + ".jpg?")
        .contains("X-Amz-Expires=120");
    assertThat(body.get("items")).hasSize(2);
    for (JsonNode item : body.get("items")) {
      // Halden is every fourth product, priced 5, 25, …, 185: nine per category in 10..200
      assertThat(item.get("matches"))
          .hasSize(6)
          .allSatisfy(
              m -> {
                assertThat(m.get("brand").asText()).isEqualTo("Halden");
                assertThat(m.get("price").asDouble()).isBetween(10.0, 200.0);
                assertThat(m.get("title").asText()).isNotBlank();
                assertThat(m.get("imageUrl").asText()).contains("/" + BUCKET + "/catalog/images/");
              });
    }
    assertThat(body.at("/items/0/category").asText()).isEqualTo("tops");
    assertThat(body.at("/items/1/category").asText()).isEqualTo("bags");
  }

  @ParameterizedTest
  @Event(value = "../../events/http-post-looks.json", type = APIGatewayV2HTTPEvent.class)
  void postLooksCreatesALookWhoseFormUploadsToTheBucket(APIGatewayV2HTTPEvent event)
      throws Exception {
    // when: POST /looks with a base64 body {"contentType":"image/jpeg"}
    APIGatewayV2HTTPResponse r = OpenApiCheck.handle(handler, event, new TestContext("req-post"));

    // then
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    JsonNode body = JSON.readTree(r.getBody());
    String id = body.get("lookId").asText();
    assertThat(r.getHeaders()).containsEntry("Location", "/looks/" + id);
    assertThat(new DynamoLookStore(aws.dynamoDb(), LOOKS).get(id).orElseThrow().status())
        .isEqualTo(LookStatus.PENDING);
    JsonNode upload = body.get("upload");
    assertThat(upload.get("maxBytes").asLong()).isEqualTo(1048576);
    assertThat(upload.at("/fields/key").asText()).isEqualTo("uploads/" + id + ".jpg");

    // and a browser can use the form
    byte[] photo = "\u00ff\u00d8\u00ff not really a jpeg".getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> posted = postForm(upload, photo);
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);
    assertThat(
            aws.s3()
                .getObjectAsBytes(b -> b.bucket(BUCKET).key("uploads/" + id + ".jpg"))
                .asByteArray())
        .isEqualTo(photo);

    // and the new look reads back as PENDING
    APIGatewayV2HTTPEvent get = copyOf(event);
    get.setRawPath("/looks/" + id);
    get.getRequestContext().getHttp().setMethod("GET");
    get.setBody(null);
    get.setIsBase64Encoded(false);
    APIGatewayV2HTTPResponse status = OpenApiCheck.handle(handler, get, null);
    assertThat(status.getStatusCode()).isEqualTo(200);
    assertThat(JSON.readTree(status.getBody()).get("status").asText()).isEqualTo("PENDING");
  }

  @ParameterizedTest
  @Event(value = "../../events/http-get-similar.json", type = APIGatewayV2HTTPEvent.class)
  void similarProductsLeaveTheProductOut(APIGatewayV2HTTPEvent event) throws Exception {
    APIGatewayV2HTTPResponse r =
        OpenApiCheck.handle(handler, event, new TestContext("req-similar"));

    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.getBody());
    assertThat(body.at("/product/productId").asText()).isEqualTo("1");
    assertThat(body.at("/product/category").asText()).isEqualTo("tops");
    assertThat(body.get("matches"))
        .hasSize(6)
        .noneSatisfy(m -> assertThat(m.get("productId").asText()).isEqualTo("1"));
  }

  @ParameterizedTest
  @Event(value = "../../events/http-get-health.json", type = APIGatewayV2HTTPEvent.class)
  void healthNamesTheIndexInTheBucket(APIGatewayV2HTTPEvent event) throws Exception {
    APIGatewayV2HTTPResponse r = OpenApiCheck.handle(handler, event, new TestContext("req-health"));

    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    JsonNode index = JSON.readTree(r.getBody()).get("index");
    assertThat(index.get("version").asText()).isEqualTo(QueryFixture.VERSION);
    assertThat(index.get("products").asInt()).isEqualTo(FX.products().size());
  }

  @ParameterizedTest
  @Event(value = "../../events/http-get-look.json", type = APIGatewayV2HTTPEvent.class)
  void clientMistakesInRealEventsAre4xx(APIGatewayV2HTTPEvent event) throws Exception {
    event.setRawQueryString("k=0");
    assertThat(OpenApiCheck.handle(handler, event, null).getStatusCode()).isEqualTo(400);

    event.setRawQueryString("");
    event.setRawPath("/looks/" + UUID.randomUUID());
    APIGatewayV2HTTPResponse unknown = OpenApiCheck.handle(handler, event, null);
    assertThat(unknown.getStatusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.getBody()).at("/error/code").asText())
        .isEqualTo("look_not_found");

    event.setRawPath("/looks/..%2F..%2Fetc%2Fpasswd");
    assertThat(OpenApiCheck.handle(handler, event, null).getStatusCode()).isEqualTo(400);
  }

  private static APIGatewayV2HTTPEvent copyOf(APIGatewayV2HTTPEvent e) throws Exception {
    return JSON.readValue(JSON.writeValueAsBytes(e), APIGatewayV2HTTPEvent.class);
  }

  /** multipart/form-data as a browser sends it: the fields in order, the file last. */
  private static HttpResponse<String> postForm(JsonNode upload, byte[] file) throws Exception {
    String boundary = "----btl" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, JsonNode> f : upload.get("fields").properties()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.getKey()
                  + "\"\r\n\r\n"
                  + f.getValue().asText()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
