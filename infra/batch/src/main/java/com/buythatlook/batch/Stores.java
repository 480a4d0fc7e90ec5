package com.buythatlook.batch;

import com.buythatlook.core.storage.BlobStore;
import com.buythatlook.core.storage.FileBlobStore;
import com.buythatlook.core.storage.S3BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns a location given on the command line into a {@link BlobStore}: {@code s3://bucket/prefix}
 * or a local folder. S3 credentials, region and endpoint come from the SDK's standard sources
 * (environment, profile, instance role; {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL} for
 * an S3-compatible server, which then gets path-style addressing).
 */
final class Stores {
  private Stores() {}

  /**
   * @param mustExist for a folder: refuse one that does not exist (inputs)
   * @throws IllegalArgumentException naming {@code option} when the location cannot be used
   */
  static BlobStore open(String option, String location, boolean mustExist) {
    if (location.startsWith("s3://")) {
      try {
        return S3BlobStore.fromUri(s3FromEnvironment(), location);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + " " + e.getMessage(), e);
      }
    }
    Path p = Path.of(location);
    if (mustExist && !Files.isDirectory(p)) {
      throw new IllegalArgumentException(
          option + " " + location + " is not a folder (or an s3://bucket/prefix)");
    }
    return new FileBlobStore(p);
  }

  static S3Client s3FromEnvironment() {
    boolean customEndpoint =
        System.getenv("AWS_ENDPOINT_URL_S3") != null || System.getenv("AWS_ENDPOINT_URL") != null;
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .forcePathStyle(customEndpoint)
        .build();
  }
}
