package com.buythatlook.cli.fetch;

import java.time.Duration;
import java.util.Optional;

/**
 * Why one URI did not give a usable image. The reason is what the report shows ("HTTP 404", "timed
 * out after 20 s"); {@link #retryable()} says whether trying again may help, so that dead links
 * cost one request and flaky servers get a few more chances.
 */
final class FetchFailure extends Exception {
  private final boolean retryable;
  private final Duration retryAfter;

  private FetchFailure(String reason, boolean retryable, Duration retryAfter) {
    // No stack trace: these are expected outcomes, thousands of them on a real run.
    super(reason, null, false, false);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** A failure that will happen again (404, not an image, unknown host). */
  static FetchFailure permanent(String reason) {
    return new FetchFailure(reason, false, null);
  }

  /** A failure worth retrying (timeouts, 5xx, truncated bodies, dropped connections). */
  static FetchFailure retryable(String reason) {
    return new FetchFailure(reason, true, null);
  }

  /** A retryable failure where the server said how long to wait (429/503 with Retry-After). */
  static FetchFailure retryableAfter(String reason, Duration retryAfter) {
    return new FetchFailure(reason, true, retryAfter);
  }

  String reason() {
    return getMessage();
  }

  boolean retryable() {
    return retryable;
  }

  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
