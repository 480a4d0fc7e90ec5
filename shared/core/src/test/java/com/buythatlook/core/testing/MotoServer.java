package com.buythatlook.core.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Starts a real moto_server (S3, DynamoDB, SQS API server) on a free loopback port for a test
 * class, and stops it afterwards. Register with {@code @RegisterExtension static MotoServer moto =
 * new MotoServer();}. Needs {@code moto_server} on the PATH ({@code pip install 'moto[server]'};
 * .ci/run makes sure of it).
 *
 * <p>With the system property {@value #ENDPOINT_PROPERTY} set (the parent pom's {@code localstack}
 * profile sets it to LocalStack's {@code http://localhost:4566}), no moto_server is started: the
 * clients talk to the emulator already listening there. Such a server keeps its state between test
 * classes and runs, so tests that may meet one name their buckets, tables and queues uniquely.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {
  /** An emulator endpoint to use instead of starting moto_server, e.g. LocalStack's. */
  public static final String ENDPOINT_PROPERTY = "btl.aws.endpoint";

  private Process process;
  private int port;
  private Path log;
  private String external;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String configured = System.getProperty(ENDPOINT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      external = configured.strip().replaceAll("/+$", "");
      return;
    }
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    log = Files.createTempFile("moto-", ".log");
    process =
        new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited: " + Files.readString(log));
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
        c.setConnectTimeout(200);
        c.setReadTimeout(500);
        if (c.getResponseCode() > 0) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("moto_server did not start on port " + port);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (log != null) {
      Files.deleteIfExists(log);
    }
  }

  public String endpoint() {
    return external != null ? external : "http://127.0.0.1:" + port;
  }

  public S3Client s3() {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /**
   * Creates a table with a string partition key, on demand, as template.yaml declares the Looks
   * ({@code lookId}) and Products ({@code productId}) tables, and waits until it exists.
   */
  public static void createTable(DynamoDbClient dynamo, String table, String hashKey) {
    dynamo.createTable(
        b ->
            b.tableName(table)
                .keySchema(
                    KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(hashKey)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
  }

  public DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
