package com.buythatlook.core.index;

/** A shard file that is not ours, is truncated, or fails its checksum. */
public final class ShardFormatException extends RuntimeException {
  public ShardFormatException(String message) {
    super(message);
  }
}
