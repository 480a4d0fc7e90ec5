package com.buythatlook.cli.serve;

import com.buythatlook.cli.serve.DataDir.S3Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server in this process (S3Proxy over a folder), on a free loopback port, so that
 * the local runtime's S3 code paths — SDK calls, presigned GETs, the browser's presigned POST
 * upload — are the production ones. It checks AWS signature V4 against the data folder's own key
 * pair and answers CORS requests from the web page's origins only.
 */
final class EmbeddedS3 implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

  /** What the web page does against the bucket: POST (the upload form), GET/HEAD (images). */
  private static final List<String> CORS_METHODS = List.of("GET", "HEAD", "PUT", "POST");

  private final S3Proxy proxy;
  private final BlobStore store;
  private final URI endpoint;

  private EmbeddedS3(S3Proxy proxy, BlobStore store, URI endpoint) {
    this.proxy = proxy;
    this.store = store;
    this.endpoint = endpoint;
  }

  /**
   * Creates the bucket when missing and starts the server.
   *
   * @param root the folder holding one subfolder per bucket
   * @param pageOrigins the origins of the web page (e.g. {@code http://127.0.0.1:8080})
   * @param uploads told about every object created under {@code uploads/}
   */
  static EmbeddedS3 start(
      Path root,
      String bucket,
      S3Credentials credentials,
      List<String> pageOrigins,
      UploadNotifier.Listener uploads,
      Clock clock)
      throws Exception {
    Files.createDirectories(root);
    BlobStore files = new FilesystemNio2BlobStore(root.toString());
    if (!files.containerExists(bucket)) {
      files.createContainer(bucket);
    }
    BlobStore store = new UploadNotifier(files, bucket, uploads, clock);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            // loopback only: nothing outside this machine can reach the bucket
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(
                AuthenticationType.AWS_V4, credentials.accessKeyId(), credentials.secretAccessKey())
            .corsRules(
                new CrossOriginResourceSharing(
                    // S3Proxy reads allowed origins as regular expressions
                    pageOrigins.stream().map(Pattern::quote).toList(),
                    CORS_METHODS,
                    List.of("*"),
                    List.of("ETag", "Location"),
                    ""))
            .jettyMaxThreads(32)
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      store.close();
      throw new IOException("the embedded S3 server did not start: " + e.getMessage(), e);
    }
    return new EmbeddedS3(proxy, store, URI.create("http://127.0.0.1:" + proxy.getPort()));
  }

  /** {@code http://127.0.0.1:PORT}: path-style, the bucket is the first path segment. */
  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      LOG.warn("the embedded S3 server did not stop cleanly: {}", e.toString());
    } finally {
      store.close();
    }
  }
}
