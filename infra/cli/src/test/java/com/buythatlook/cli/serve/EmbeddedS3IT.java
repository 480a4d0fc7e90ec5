package com.buythatlook.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.serve.UploadNotifier.ObjectCreated;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.storage.PresignedUpload;
import com.buythatlook.core.storage.S3UrlSigner;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The embedded S3 server: signatures, the browser's POST upload, CORS, upload events. */
class EmbeddedS3IT {
  private static final String PAGE = "http://127.0.0.1:8080";

  @TempDir Path root;
  private final List<ObjectCreated> events = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private DataDir dir;
  private EmbeddedS3 s3;
  private AwsClients aws;

  @BeforeEach
  void start() throws Exception {
    dir = DataDir.open(root);
    DataDir.S3Credentials c = dir.credentials();
    s3 =
        EmbeddedS3.start(
            dir.s3Root(), DataDir.BUCKET, c, List.of(PAGE), events::add, Clock.systemUTC());
    aws =
        AwsClients.forEndpoint(
            s3.endpoint(),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())));
  }

  @AfterEach
  void stop() {
    aws.close();
    s3.close();
    dir.close();
  }

  @Test
  void anSdkPutUnderUploadsIsReportedWithItsSizeAndOthersAreNot() {
    aws.s3()
        .putObject(
            b -> b.bucket(DataDir.BUCKET).key("uploads/look-0001.jpg"),
            RequestBody.fromBytes(new byte[1234]));
    aws.s3()
        .putObject(
            b -> b.bucket(DataDir.BUCKET).key("crops/look-0001/0.jpg"),
            RequestBody.fromBytes(new byte[5]));

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventName()).isEqualTo("ObjectCreated:Put");
              assertThat(e.key()).isEqualTo("uploads/look-0001.jpg");
              assertThat(e.size()).isEqualTo(1234);
              assertThat(e.eTag()).isNotBlank().doesNotContain("\"");
            });
    assertThat(root.resolve("s3/btl-local/uploads/look-0001.jpg")).exists();
  }

  @Test
  void theBrowsersPresignedPostStoresTheFileAndIsReported() throws Exception {
    S3UrlSigner signer = new S3UrlSigner(aws.s3(), DataDir.BUCKET);
    PresignedUpload form =
        signer.presignPost("uploads/look-0002.jpg", ImageFormat.JPEG, 1000, Duration.ofMinutes(5));

    HttpResponse<String> ok = postForm(form, new byte[777]);
    HttpResponse<String> tooLarge =
        postForm(
            signer.presignPost(
                "uploads/look-0003.jpg", ImageFormat.JPEG, 1000, Duration.ofMinutes(5)),
            new byte[1001]);

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
    assertThat(ok.headers().firstValue("access-control-allow-origin")).hasValue(PAGE);
    assertThat(tooLarge.statusCode()).isEqualTo(400);
    assertThat(events).extracting(ObjectCreated::key).containsExactly("uploads/look-0002.jpg");
    HttpResponse<byte[]> get =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(signer.presignGet("uploads/look-0002.jpg", Duration.ofMinutes(1))))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).hasSize(777);
  }

  @Test
  void corsAnswersThePagesOriginOnly() throws Exception {
    assertThat(preflight(PAGE).statusCode()).isEqualTo(200);
    assertThat(preflight(PAGE).headers().firstValue("access-control-allow-methods").orElse(""))
        .contains("POST");
    assertThat(preflight("http://evil.example").statusCode()).isEqualTo(403);
  }

  @Test
  void requestsSignedWithOtherCredentialsAreRefused() {
    try (AwsClients stranger =
        AwsClients.forEndpoint(
            s3.endpoint(),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> stranger.s3().listObjectsV2(b -> b.bucket(DataDir.BUCKET)))
          .isInstanceOf(S3Exception.class);
    }
  }

  @Test
  void theCredentialsAreKeptPrivateAndReusedAcrossStarts() throws Exception {
    Path file = root.resolve("s3-credentials");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(dir.credentials()).isEqualTo(dir.credentials());
  }

  private HttpResponse<String> preflight(String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(s3.endpoint() + "/" + DataDir.BUCKET))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postForm(PresignedUpload form, byte[] file) throws Exception {
    String boundary = "----btl" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    form.fields()
        .forEach(
            (k, v) ->
                body.writeBytes(
                    ("--"
                            + boundary
                            + "\r\nContent-Disposition: form-data; name=\""
                            + k
                            + "\"\r\n\r\n"
                            + v
                            + "\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create(form.url()))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Origin", PAGE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
