package com.buythatlook.cli.generate;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.Split;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** What a generation wrote, per category and split; printed at the end of {@code btl generate}. */
final class GenerationSummary {
  private final long[][] products = new long[Category.values().length][2];
  private final long[] shopPhotos = new long[Category.values().length];
  private final long[][] streetItems = new long[Category.values().length][2];
  private final long[] streetPhotos = new long[2];
  private double seconds;

  void product(Category c, Split s, int photos) {
    products[c.ordinal()][s.ordinal()]++;
    shopPhotos[c.ordinal()] += photos;
  }

  void streetPhoto(Split s) {
    streetPhotos[s.ordinal()]++;
  }

  void streetItem(Category c, Split s) {
    streetItems[c.ordinal()][s.ordinal()]++;
  }

  void finish(double seconds) {
    this.seconds = seconds;
  }

  void print(PrintWriter out, Path root) {
    out.printf(
        Locale.ROOT,
        "%-10s %17s %12s %21s%n",
        "category",
        "products (train/test)",
        "shop photos",
        "street items (train/test)");
    long[] total = new long[5];
    for (Category c : Category.values()) {
      int i = c.ordinal();
      out.printf(
          Locale.ROOT,
          "%-10s %10d / %-6d %12d %13d / %-6d%n",
          c.wireName(),
          products[i][0],
          products[i][1],
          shopPhotos[i],
          streetItems[i][0],
          streetItems[i][1]);
      total[0] += products[i][0];
      total[1] += products[i][1];
      total[2] += shopPhotos[i];
      total[3] += streetItems[i][0];
      total[4] += streetItems[i][1];
    }
    out.printf(
        Locale.ROOT,
        "%-10s %10d / %-6d %12d %13d / %-6d%n",
        "total",
        total[0],
        total[1],
        total[2],
        total[3],
        total[4]);
    out.printf(
        Locale.ROOT,
        "street photos: %d train, %d test; %d images in %s, %.1f s%n",
        streetPhotos[0],
        streetPhotos[1],
        total[2] + streetPhotos[0] + streetPhotos[1],
        root.resolve("images"),
        seconds);
    out.flush();
  }
}
