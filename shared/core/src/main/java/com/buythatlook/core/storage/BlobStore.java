package com.buythatlook.core.storage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The few object-store operations the index needs, over S3 in production and a folder locally. Keys
 * use forward slashes ({@code index/v1/tops/0.shard}).
 */
public interface BlobStore {

  /** The object's bytes, or empty when there is no such key. */
  Optional<byte[]> get(String key) throws IOException;

  /** Writes the object whole: a reader sees the old bytes or the new ones, never a mix. */
  void put(String key, byte[] bytes) throws IOException;

  boolean exists(String key) throws IOException;

  /** Removes the object; no error when it is not there. */
  void delete(String key) throws IOException;

  /** Keys under a prefix, in lexicographic order. */
  List<String> list(String prefix) throws IOException;

  /** Where this store lives, for messages ({@code s3://bucket/} or a path). */
  String describe();
}
