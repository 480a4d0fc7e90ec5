package com.buythatlook.cli.generate;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints "street photos 800/2000 (40%) 35 img/s, ETA 34 s" each time another tenth of a stage is
 * done, so a long generation shows it is alive without flooding the terminal.
 */
final class Progress {
  private final String what;
  private final long total;
  private final PrintWriter out;
  private final long start = System.nanoTime();
  private long done;
  private int lastTenth;

  Progress(String what, long total, PrintWriter out) {
    this.what = what;
    this.total = total;
    this.out = out;
  }

  void advance(long n) {
    done += n;
    int tenth = total == 0 ? 10 : (int) (done * 10 / total);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
      double rate = done / seconds;
      long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
      out.printf(
          Locale.ROOT,
          "%s %d/%d (%d%%) %.0f img/s, ETA %d s%n",
          what,
          done,
          total,
          done * 100 / Math.max(1, total),
          rate,
          eta);
      out.flush();
    }
  }
}
