package com.buythatlook.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChaosRun} at CI size: a couple of dozen looks through duplicates and disorder, a dozen
 * under injected faults with the SDK's retries off (so that faults reach the handlers, Lambda's
 * retries and the dead-letter queues). The full size is {@code infra/bench/chaos.sh}; any of its
 * options can be given here too, e.g. {@code -Dchaos.args="--looks 392 --sdk-attempts 1,3"}.
 */
class ChaosIT {
  @TempDir static Path photos;

  @BeforeAll
  static void quiet() {
    ChaosRun.quietFunctions();
  }

  @Test
  void duplicatedShuffledAndFailingDeliveriesLoseNoLookAndChangeNothing() throws Exception {
    ChaosSettings s = new ChaosSettings();
    s.looks = 24;
    s.photos = 5;
    s.faultLooks = 12;
    s.faultRate = 0.15;
    s.sdkAttempts = List.of(1);
    s.attemptTimeout = Duration.ofSeconds(1);
    s.visibilityTimeout = 1;
    s.photoDir = photos;
    String more = System.getProperty("chaos.args", "").strip();
    if (!more.isEmpty()) {
      ChaosSettings.parseInto(s, more.split("\\s+"));
    }

    ChaosRun.Result r = ChaosRun.run(s, System.out);

    assertThat(r.problems()).isEmpty();
    assertThat(r.stateEqual()).as("shuffled run equals the clean run").isTrue();
    assertThat(r.duplicates()).as("duplicated deliveries").isPositive();
    assertThat(r.cropsDuplicated()).isZero();
    assertThat(r.faultsInjected()).isPositive();
    assertThat(r.lost()).as("looks neither terminal nor in a DLQ").isZero();
    assertThat(r.terminalAfterRedrive()).isEqualTo(r.faultLooks());
    assertThat(r.faultStateEqual())
        .as("looks after redrive equal a clean run of their photo")
        .isTrue();
    assertThat(r.ok()).isTrue();
  }
}
