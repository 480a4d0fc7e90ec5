package com.buythatlook.core.progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long job: a bar with rate and ETA redrawn in place on a terminal, plain log lines
 * (every few seconds and at each tenth) when the output is a file or a pipe, where carriage returns
 * would garble the log. Thread-safe; workers call {@link #step}.
 */
public final class ProgressReporter {
  private static final long LINE_EVERY_NANOS = 5_000_000_000L;
  private static final long BAR_EVERY_NANOS = 200_000_000L;
  private static final int BAR_WIDTH = 30;

  private final PrintWriter out;
  private final String what;
  private final String unit;
  private final long total;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long start;
  private long done;
  private long lastPrint;
  private long lastPrintedDone = -1;

  public ProgressReporter(PrintWriter out, String what, String unit, long total, boolean terminal) {
    this(out, what, unit, total, terminal, System::nanoTime);
  }

  ProgressReporter(
      PrintWriter out, String what, String unit, long total, boolean terminal, LongSupplier clock) {
    this.out = out;
    this.what = what;
    this.unit = unit;
    this.total = total;
    this.terminal = terminal;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastPrint = start;
  }

  /** True when stderr is a terminal (no redirection), where the bar can be redrawn. */
  public static boolean isTerminal() {
    return System.console() != null && System.getenv("CI") == null;
  }

  public void step() {
    step(1);
  }

  public synchronized void step(long n) {
    done += n;
    long now = clock.getAsLong();
    if (terminal) {
      if (now - lastPrint >= BAR_EVERY_NANOS || done == total) {
        lastPrint = now;
        out.print("\r" + line(now));
        out.flush();
        lastPrintedDone = done;
      }
    } else if (now - lastPrint >= LINE_EVERY_NANOS || tenth(done) > tenth(lastPrintedDone)) {
      lastPrint = now;
      lastPrintedDone = done;
      out.println(line(now));
      out.flush();
    }
  }

  /** Prints the final state (and ends the bar's line) unless it is already shown. */
  public synchronized void finish() {
    long now = clock.getAsLong();
    if (lastPrintedDone != done) {
      out.print((terminal ? "\r" : "") + line(now));
      out.println();
    } else if (terminal) {
      out.println();
    }
    out.flush();
    lastPrintedDone = done;
  }

  public synchronized long done() {
    return done;
  }

  /** Seconds since the reporter was made. */
  public double elapsedSeconds() {
    return (clock.getAsLong() - start) / 1e9;
  }

  String line(long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    double rate = done / secs;
    StringBuilder sb = new StringBuilder(what).append(' ');
    if (total > 0) {
      int pct = (int) (100 * done / total);
      if (terminal) {
        int filled = (int) (BAR_WIDTH * done / total);
        sb.append('[')
            .append("#".repeat(filled))
            .append(" ".repeat(BAR_WIDTH - filled))
            .append("] ");
      }
      sb.append(String.format(Locale.ROOT, "%d/%d (%d%%)", done, total, pct));
    } else {
      sb.append(done);
    }
    sb.append(String.format(Locale.ROOT, " %.1f %s/s", rate, unit));
    if (total > 0 && done < total && rate > 0) {
      sb.append(" ETA ").append(duration((total - done) / rate));
    } else {
      sb.append(" in ").append(duration(secs));
    }
    return sb.toString();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  private long tenth(long n) {
    return total <= 0 ? 0 : n * 10 / total;
  }
}
