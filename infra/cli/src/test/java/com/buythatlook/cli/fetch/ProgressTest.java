package com.buythatlook.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final StringWriter out = new StringWriter();
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void printsAtEachTenthAndWithTheRateAndEta() {
    Progress progress = new Progress(100, new PrintWriter(out), nanos::get);
    for (int i = 0; i < 9; i++) {
      nanos.addAndGet(100_000_000L); // 10 photos/s
      progress.record(Outcome.fetched(i, null, List.of()));
    }
    assertThat(out.toString()).isEmpty();

    nanos.addAndGet(100_000_000L);
    progress.record(Outcome.failed(9, List.of()));

    assertThat(lines())
        .containsExactly(
            "fetch: 10/100 (10%)  fetched 9, already there 0, failed 1  10.0 photos/s  ETA 9s");
  }

  @Test
  void printsEveryFewSecondsBetweenTenths() {
    Progress progress = new Progress(1_000, new PrintWriter(out), nanos::get);
    progress.record(Outcome.skipped(1, null));
    nanos.addAndGet(Progress.INTERVAL.toNanos());
    progress.record(Outcome.skipped(2, null));

    assertThat(lines()).hasSize(1);
    assertThat(lines().get(0)).startsWith("fetch: 2/1000 (0%)  fetched 0, already there 2");
  }

  @Test
  void finishShowsTheLastStateOnce() {
    Progress progress = new Progress(3, new PrintWriter(out), nanos::get);
    for (int i = 0; i < 3; i++) {
      nanos.addAndGet(1_000_000_000L);
      progress.record(Outcome.fetched(i, null, List.of()));
    }
    progress.finish();

    assertThat(lines()).hasSize(3).last().asString().endsWith("done");
  }

  @Test
  void clockReadsLikeATimer() {
    assertThat(Progress.clock(42)).isEqualTo("42s");
    assertThat(Progress.clock(485)).isEqualTo("8m 05s");
    assertThat(Progress.clock(7_380)).isEqualTo("2h 03m");
  }

  private List<String> lines() {
    return out.toString().lines().toList();
  }
}
