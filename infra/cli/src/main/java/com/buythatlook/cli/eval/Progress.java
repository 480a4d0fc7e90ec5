package com.buythatlook.cli.eval;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts finished units of one stage and prints a line at most every {@value #EVERY_MS} ms and at
 * the end: enough to see that a long run is moving, without flooding a log file (no carriage
 * returns, since stderr is often redirected). Thread-safe.
 */
final class Progress {
  private static final long EVERY_MS = 2_000;

  private final PrintWriter out;
  private final String what;
  private final int total;
  private final long start = System.nanoTime();
  private final AtomicInteger done = new AtomicInteger();
  private long lastPrinted = start;

  Progress(PrintWriter out, String what, int total) {
    this.out = out;
    this.what = what;
    this.total = total;
  }

  void step() {
    int n = done.incrementAndGet();
    long now = System.nanoTime();
    synchronized (this) {
      if (n == total || now - lastPrinted >= EVERY_MS * 1_000_000) {
        lastPrinted = now;
        out.printf("eval: %s %d/%d (%.1f s)%n", what, n, total, (now - start) / 1e9);
      }
    }
  }
}
