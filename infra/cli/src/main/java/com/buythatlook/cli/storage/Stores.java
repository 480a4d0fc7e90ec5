package com.buythatlook.cli.storage;

import com.buythatlook.cli.UserError;
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
 * (environment, profile, instance role; {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL}
 * for an S3-compatible server, which then gets path-style addressing).
 */
public final class Stores {
  private Stores() {}

  public static boolean isS3(String location) {
    return location.startsWith("s3://");
  }

  /**
   * @param mustExist for a folder: refuse one that does not exist (inputs)
   */
  public static BlobStore open(String option, String location, boolean mustExist) {
    if (isS3(location)) {
      try {
        return S3BlobStore.fromUri(s3FromEnvironment(), location);
      } catch (IllegalArgumentException e) {
        throw new UserError(option + " " + e.getMessage());
      }
    }
    Path p = Path.of(location);
    if (mustExist && !Files.isDirectory(p)) {
      throw new UserError(option + " " + location + " is not a folder (or an s3://bucket/prefix)");
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
