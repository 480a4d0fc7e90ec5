package com.buythatlook.core.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} over one S3 bucket under a key prefix ({@code s3://bucket/prefix/}). S3 PUTs
 * are atomic per object, which is all the index's publish protocol relies on.
 */
public final class S3BlobStore implements BlobStore {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  /**
   * @param prefix key prefix without a leading slash; empty for the bucket root; a trailing slash
   *     is added when missing
   */
  public S3BlobStore(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /** The same bucket under {@code prefix + subPrefix}, e.g. the bucket's {@code catalog/}. */
  public S3BlobStore under(String subPrefix) {
    return new S3BlobStore(s3, bucket, prefix + subPrefix);
  }

  /** Parses {@code s3://bucket/prefix}. */
  public static S3BlobStore fromUri(S3Client s3, String uri) {
    if (!uri.startsWith("s3://")) {
      throw new IllegalArgumentException("expected s3://bucket/prefix, got " + uri);
    }
    String rest = uri.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("no bucket in " + uri);
    }
    return new S3BlobStore(s3, bucket, slash < 0 ? "" : rest.substring(slash + 1));
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    try {
      return Optional.of(
          s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(prefix + key).build())
              .asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 403 && !listed(key, "reading", e)) {
        return Optional.empty();
      }
      throw new IOException(
          "reading s3://" + bucket + "/" + prefix + key + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException(
          "reading s3://" + bucket + "/" + prefix + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * After a 403 on reading {@code key}: whether the key exists. S3 answers a read of a missing key
   * with 403 AccessDenied, not 404, to a caller that may not list the bucket (AWS's IAM rule;
   * emulators answer 404 either way), so a 403 alone cannot tell a deleted upload or a
   * not-yet-published index from a read that is truly denied. Listing the key itself as a prefix —
   * what a role allowed {@code s3:ListBucket} on that prefix may do — tells them apart.
   *
   * @throws IOException when the listing is denied too: then nothing can be known
   */
  private boolean listed(String key, String doing, S3Exception denied) throws IOException {
    String full = prefix + key;
    try {
      return s3
          .listObjectsV2(
              ListObjectsV2Request.builder().bucket(bucket).prefix(full).maxKeys(1).build())
          .contents()
          .stream()
          .anyMatch(o -> o.key().equals(full));
    } catch (SdkException e) {
      IOException io =
          new IOException(
              doing
                  + " s3://"
                  + bucket
                  + "/"
                  + full
                  + " was denied (403),"
                  + " and so was listing it to tell a missing key from a forbidden one: the role needs"
                  + " s3:ListBucket on this prefix",
              denied);
      io.addSuppressed(e);
      throw io;
    }
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    try {
      s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw new IOException(
          "writing s3://" + bucket + "/" + prefix + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    try {
      s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(prefix + key).build());
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      if (e.statusCode() == 403 && !listed(key, "checking", e)) {
        return false;
      }
      throw new IOException(
          "checking s3://" + bucket + "/" + prefix + key + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException(
          "checking s3://" + bucket + "/" + prefix + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
    } catch (SdkException e) {
      throw new IOException(
          "deleting s3://" + bucket + "/" + prefix + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> list(String keyPrefix) throws IOException {
    List<String> out = new ArrayList<>();
    try {
      for (ListObjectsV2Response page :
          s3.listObjectsV2Paginator(
              ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + keyPrefix).build())) {
        for (S3Object o : page.contents()) {
          out.add(o.key().substring(prefix.length()));
        }
      }
    } catch (SdkException e) {
      throw new IOException(
          "listing s3://" + bucket + "/" + prefix + keyPrefix + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + prefix;
  }
}
