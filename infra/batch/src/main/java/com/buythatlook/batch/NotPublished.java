package com.buythatlook.batch;

/**
 * A run that did not publish: too many products failed, or none was indexed. {@code index/CURRENT}
 * is left as it was; the report of failures is written. A usage mistake (exit 2), not a crash.
 */
public final class NotPublished extends IllegalArgumentException {
  NotPublished(String message) {
    super(message);
  }
}
