package com.buythatlook.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How {@link S3BlobStore} reads AWS's 403 on a missing key. AWS answers GetObject and HeadObject of
 * a key that does not exist with 403 AccessDenied, not 404, to a caller without {@code
 * s3:ListBucket}, and moto answers 404 either way; so the S3 here is a loopback HTTP server that
 * answers as AWS does for a role that may not read the object: 403 on every read, and a
 * ListObjectsV2 that works or is denied as well. The SDK client is the real one.
 */
class S3BlobStoreDeniedTest {
  private static final String BUCKET = "btl-images";
  private static final String DENIED =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
          + "<Message>Access Denied</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>";

  private HttpServer server;
  private S3Client s3;
  private final Set<String> existing = Set.of("uploads/abcdefgh12.jpg");
  private volatile boolean listingDenied;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    s3 =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterEach
  void stop() {
    s3.close();
    server.stop(0);
  }

  private void answer(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    Map<String, String> query = query(x.getRequestURI().getRawQuery());
    requests.add(
        x.getRequestMethod() + " " + path + (query.containsKey("list-type") ? "?list" : ""));
    byte[] body;
    int status;
    if (path.equals("/" + BUCKET) || path.equals("/" + BUCKET + "/")) {
      if (listingDenied) {
        status = 403;
        body = DENIED.getBytes(StandardCharsets.UTF_8);
      } else {
        String prefix = query.getOrDefault("prefix", "");
        StringBuilder xml =
            new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>"
                    + BUCKET
                    + "</Name><Prefix>"
                    + prefix
                    + "</Prefix><MaxKeys>1</MaxKeys>");
        int n = 0;
        for (String k : existing) {
          if (k.startsWith(prefix)) {
            n++;
            xml.append("<Contents><Key>")
                .append(k)
                .append(
                    "</Key><LastModified>"
                        + "2026-12-07T00:00:00.000Z</LastModified><ETag>\"e\"</ETag><Size>3</Size>"
                        + "<StorageClass>STANDARD</StorageClass></Contents>");
          }
        }
        xml.append("<KeyCount>")
            .append(n)
            .append("</KeyCount><IsTruncated>false</IsTruncated>" + "</ListBucketResult>");
        status = 200;
        body = xml.toString().getBytes(StandardCharsets.UTF_8);
      }
    } else {
      // the object exists or not: a role that may not read it gets 403 either way
      status = 403;
      body = DENIED.getBytes(StandardCharsets.UTF_8);
    }
    x.getResponseHeaders().add("Content-Type", "application/xml");
    if (x.getRequestMethod().equals("HEAD")) {
      x.sendResponseHeaders(status, -1);
    } else {
      x.sendResponseHeaders(status, body.length);
      x.getResponseBody().write(body);
    }
    x.close();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        out.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return out;
  }

  @Test
  void aMissingKeyAnsweredWith403IsMissingWhenTheKeyCanBeListed() throws IOException {
    S3BlobStore store = new S3BlobStore(s3, BUCKET, "");

    assertThat(store.get("uploads/deleted0001.jpg")).isEqualTo(Optional.empty());
    assertThat(store.exists("uploads/deleted0001.jpg")).isFalse();
    assertThat(store.get("index/CURRENT")).isEmpty();
    assertThat(requests)
        .contains(
            "GET /" + BUCKET + "/uploads/deleted0001.jpg",
            "HEAD /" + BUCKET + "/uploads/deleted0001.jpg",
            "GET /" + BUCKET + "?list");
  }

  @Test
  void aKeyThatExistsButCannotBeReadIsAnErrorThatSaysSo() {
    S3BlobStore store = new S3BlobStore(s3, BUCKET, "");

    assertThatThrownBy(() -> store.get("uploads/abcdefgh12.jpg"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("reading s3://" + BUCKET + "/uploads/abcdefgh12.jpg")
        .hasMessageContaining("Access Denied");
    assertThatThrownBy(() -> store.exists("uploads/abcdefgh12.jpg"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void whenListingIsDeniedTooTheErrorNamesTheMissingPermission() {
    listingDenied = true;
    S3BlobStore store = new S3BlobStore(s3, BUCKET, "");

    assertThatThrownBy(() -> store.get("uploads/deleted0001.jpg"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("was denied (403)")
        .hasMessageContaining("s3:ListBucket");
  }

  @Test
  void aPrefixedStoreListsTheFullKey() throws IOException {
    S3BlobStore store = new S3BlobStore(s3, BUCKET, "uploads/");

    assertThat(store.get("deleted0001.jpg")).isEmpty();
    assertThatThrownBy(() -> store.get("abcdefgh12.jpg")).isInstanceOf(IOException.class);
  }
}
