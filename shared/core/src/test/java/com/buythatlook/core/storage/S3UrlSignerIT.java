package com.buythatlook.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** A browser's view: upload with the signed form, download with the signed URL, no SDK. */
class S3UrlSignerIT {
  @RegisterExtension static MotoServer moto = new MotoServer();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aFileUploadedWithTheSignedFormReadsBackThroughTheSignedUrl() throws Exception {
    // given
    S3Client s3 = moto.s3();
    s3.createBucket(b -> b.bucket("btl-signer"));
    S3UrlSigner signer = new S3UrlSigner(s3, "btl-signer");
    String key = "uploads/" + UUID.randomUUID() + ".png";
    byte[] photo = "\u0089PNG not really a photo".getBytes(StandardCharsets.ISO_8859_1);

    // when
    PresignedUpload up = signer.presignPost(key, ImageFormat.PNG, 1 << 20, Duration.ofMinutes(5));
    HttpResponse<String> posted = postForm(up.url(), up.fields(), photo, "image/png");

    // then
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);
    var stored = s3.getObjectAsBytes(b -> b.bucket("btl-signer").key(key));
    assertThat(stored.asByteArray()).isEqualTo(photo);
    assertThat(stored.response().contentType()).isEqualTo("image/png");

    HttpResponse<byte[]> got =
        http.send(
            HttpRequest.newBuilder(URI.create(signer.presignGet(key, Duration.ofMinutes(1))))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(photo);
  }

  /** multipart/form-data as a browser sends it: the fields in order, the file last. */
  private HttpResponse<String> postForm(
      String url, Map<String, String> fields, byte[] file, String type) throws Exception {
    String boundary = "----btl" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.getKey()
                  + "\"\r\n\r\n"
                  + f.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"photo\"\r\nContent-Type: "
                + type
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
