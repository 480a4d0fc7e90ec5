package com.buythatlook.cli.fetch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before retry number {@code k}: {@code first × 2^(k-1)}, capped, of which a
 * random half is dropped ("equal jitter"). The jitter keeps many workers that failed together (a
 * host that hiccuped) from all coming back at the same instant.
 */
final class Backoff {
  static final Duration MAX_DELAY = Duration.ofSeconds(30);

  /** A server's Retry-After is obeyed up to this long; beyond that the photo is better failed. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

  private final Duration first;
  private final DoubleSupplier random;

  Backoff(Duration first) {
    this(first, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param random values in [0, 1)
   */
  Backoff(Duration first, DoubleSupplier random) {
    this.first = first;
    this.random = random;
  }

  /**
   * @param retry 1 for the first retry
   * @param failure what went wrong; a Retry-After it carries wins over the computed delay
   */
  Duration delay(int retry, FetchFailure failure) {
    long cap = MAX_DELAY.toMillis();
    long full = first.toMillis() << Math.min(retry - 1, 30);
    if (full < 0 || full > cap) {
      full = cap;
    }
    long millis = full / 2 + (long) (random.getAsDouble() * (full - full / 2));
    if (failure != null && failure.retryAfter().isPresent()) {
      long asked = Math.min(failure.retryAfter().get().toMillis(), MAX_RETRY_AFTER.toMillis());
      millis = Math.max(millis, asked);
    }
    return Duration.ofMillis(millis);
  }
}
