package com.buythatlook.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.testing.MotoServer;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Clients from {@link AwsClients} against a real S3/DynamoDB/SQS API (moto_server). */
class AwsClientsIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @Test
  void talksToAnExplicitEndpointIncludingPresignedUploads() throws Exception {
    try (AwsClients clients =
        AwsClients.forEndpoint(URI.create(MOTO.endpoint()), AwsClientsTest.TEST_CREDENTIALS)) {
      clients.s3().createBucket(b -> b.bucket("explicit"));
      clients.s3().putObject(b -> b.bucket("explicit").key("a.txt"), RequestBody.fromString("hi"));
      assertThat(
              clients.s3().getObjectAsBytes(b -> b.bucket("explicit").key("a.txt")).asUtf8String())
          .isEqualTo("hi");

      PresignedPutObjectRequest put =
          clients
              .s3Presigner()
              .presignPutObject(
                  p ->
                      p.signatureDuration(Duration.ofMinutes(5))
                          .putObjectRequest(
                              o ->
                                  o.bucket("explicit")
                                      .key("uploads/x.jpg")
                                      .contentType("image/jpeg")));
      assertThat(put.url().toString()).startsWith(MOTO.endpoint() + "/explicit/uploads/x.jpg?");
      HttpURLConnection c = (HttpURLConnection) put.url().openConnection();
      c.setRequestMethod("PUT");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "image/jpeg");
      try (OutputStream out = c.getOutputStream()) {
        out.write("jpeg bytes".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(c.getResponseCode()).isEqualTo(200);
      assertThat(
              clients
                  .s3()
                  .getObjectAsBytes(b -> b.bucket("explicit").key("uploads/x.jpg"))
                  .asUtf8String())
          .isEqualTo("jpeg bytes");

      clients.dynamoDb().listTables();
      String queue = clients.sqs().createQueue(b -> b.queueName("q")).queueUrl();
      assertThat(queue).contains("/q");
    }
  }

  /**
   * The SDK reads the endpoint settings itself (here the system-property twin of {@code
   * AWS_ENDPOINT_URL}, which a test can set) and AwsClients adds path-style S3 addressing.
   */
  @Test
  void followsTheSdksStandardEndpointSettings() {
    String[] keys = {"aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey"};
    System.setProperty("aws.endpointUrl", MOTO.endpoint());
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    try (AwsClients clients = AwsClients.fromSettings(name -> null, System::getProperty)) {
      assertThat(clients.s3PathStyle()).isTrue();
      // what AwsClients decided agrees with what the SDK resolved
      assertThat(clients.s3().serviceClientConfiguration().endpointOverride())
          .contains(URI.create(MOTO.endpoint()));

      clients.s3().createBucket(b -> b.bucket("from-environment"));
      clients
          .s3()
          .putObject(b -> b.bucket("from-environment").key("k"), RequestBody.fromString("v"));
      assertThat(clients.s3().listObjectsV2(b -> b.bucket("from-environment")).contents())
          .extracting(o -> o.key())
          .containsExactly("k");
      assertThat(
              clients
                  .s3Presigner()
                  .presignGetObject(
                      p ->
                          p.signatureDuration(Duration.ofMinutes(1))
                              .getObjectRequest(o -> o.bucket("from-environment").key("k")))
                  .url()
                  .toString())
          .startsWith(MOTO.endpoint() + "/from-environment/k?");
      assertThat(clients.sqs().createQueue(b -> b.queueName("env")).queueUrl()).contains("/env");
    } finally {
      for (String k : keys) {
        System.clearProperty(k);
      }
    }
  }
}
