package com.buythatlook.cli.fetch;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress lines on stderr: every few seconds, and at each tenth of the photos, so that a long run
 * shows it is alive and a short one still shows how it went. Called by every worker.
 */
final class Progress {
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final int total;
  private final PrintWriter out;
  private final LongSupplier nanoTime;
  private final long start;
  private long lastPrint;
  private int lastPrintedDone;
  private int done;
  private int fetched;
  private int skipped;
  private int failed;

  Progress(int total, PrintWriter out) {
    this(total, out, System::nanoTime);
  }

  Progress(int total, PrintWriter out, LongSupplier nanoTime) {
    this.total = total;
    this.out = out;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.lastPrint = start;
  }

  synchronized void record(Outcome outcome) {
    done++;
    switch (outcome.status()) {
      case FETCHED -> fetched++;
      case SKIPPED_EXISTING -> skipped++;
      case FAILED -> failed++;
    }
    long now = nanoTime.getAsLong();
    boolean nextTenth = tenth(done) > tenth(lastPrintedDone);
    if (nextTenth || now - lastPrint >= INTERVAL.toNanos()) {
      print(now);
    }
  }

  /** Prints the last state if the last line did not show it. */
  synchronized void finish() {
    if (done != lastPrintedDone) {
      print(nanoTime.getAsLong());
    }
  }

  synchronized Duration elapsed() {
    return Duration.ofNanos(nanoTime.getAsLong() - start);
  }

  private int tenth(int n) {
    return total == 0 ? 10 : (int) (10L * n / total);
  }

  private void print(long now) {
    lastPrint = now;
    lastPrintedDone = done;
    double seconds = Math.max((now - start) / 1e9, 1e-3);
    double rate = done / seconds;
    String eta =
        done == total ? "done" : rate > 0 ? "ETA " + clock((long) ((total - done) / rate)) : "";
    out.println(
        String.format(
            Locale.ROOT,
            "fetch: %d/%d (%.0f%%)  fetched %d, already there %d, failed %d  %.1f photos/s  %s",
            done,
            total,
            total == 0 ? 100.0 : 100.0 * done / total,
            fetched,
            skipped,
            failed,
            rate,
            eta));
    out.flush();
  }

  /** {@code 42s}, {@code 8m 05s}, {@code 2h 03m}. */
  static String clock(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
