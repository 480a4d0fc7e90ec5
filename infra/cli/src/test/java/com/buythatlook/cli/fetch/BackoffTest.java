package com.buythatlook.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration FIRST = Duration.ofSeconds(1);

  @Test
  void doublesWithEachRetryAndJittersWithinTheUpperHalf() {
    Backoff low = new Backoff(FIRST, () -> 0.0);
    Backoff high = new Backoff(FIRST, () -> 0.999_999);

    assertThat(low.delay(1, null)).isEqualTo(Duration.ofMillis(500));
    assertThat(high.delay(1, null)).isEqualTo(Duration.ofMillis(999));
    assertThat(low.delay(2, null)).isEqualTo(Duration.ofMillis(1_000));
    assertThat(high.delay(3, null)).isEqualTo(Duration.ofMillis(3_999));
  }

  @Test
  void neverWaitsLongerThanTheCapHoweverManyRetries() {
    Backoff high = new Backoff(FIRST, () -> 0.999_999);
    assertThat(high.delay(10, null)).isLessThanOrEqualTo(Backoff.MAX_DELAY);
    assertThat(high.delay(64, null)).isLessThanOrEqualTo(Backoff.MAX_DELAY);
    assertThat(high.delay(1_000, null)).isPositive();
  }

  @Test
  void aServersRetryAfterWinsUpToItsOwnCap() {
    Backoff low = new Backoff(FIRST, () -> 0.0);
    FetchFailure wait7s = FetchFailure.retryableAfter("HTTP 429", Duration.ofSeconds(7));
    FetchFailure waitAnHour = FetchFailure.retryableAfter("HTTP 503", Duration.ofHours(1));

    assertThat(low.delay(1, wait7s)).isEqualTo(Duration.ofSeconds(7));
    assertThat(low.delay(1, waitAnHour)).isEqualTo(Backoff.MAX_RETRY_AFTER);
    assertThat(low.delay(1, FetchFailure.retryable("HTTP 503"))).isEqualTo(Duration.ofMillis(500));
  }
}
