package com.buythatlook.cli.eval;

import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.catalog.Category;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Hit rate at k (recall@k in the street2shop and DeepFashion2 papers) for k = 1 … {@link
 * Evaluation#MAX_K}, ground-truth boxes, one line per category plus a thick overall line, as a PNG.
 * Plain Java2D, so the CLI needs no charting library. The y axis is always 0 … 1 so that plots of
 * different runs can be compared by eye.
 */
final class RecallPlot {
  static final int WIDTH = 960;
  static final int HEIGHT = 600;

  private static final int LEFT = 72;
  private static final int RIGHT = 200; // room for the legend
  private static final int TOP = 64;
  private static final int BOTTOM = 58;

  /** matplotlib's tab10 plus one: distinct for the eleven categories, readable on white. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79)
  };

  private RecallPlot() {}

  static BufferedImage render(EvaluationReport report) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int x0 = LEFT;
      int x1 = WIDTH - RIGHT;
      int y0 = HEIGHT - BOTTOM;
      int y1 = TOP;
      int maxK = Evaluation.MAX_K;

      drawTitle(g, report);
      drawAxes(g, x0, x1, y0, y1, maxK);

      // The seed's metric: a marker at k = 15, so its figure can be read off the plot.
      g.setColor(new Color(0x999999));
      g.setStroke(
          new BasicStroke(
              1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
      int xSeed = xOf(15, x0, x1, maxK);
      g.drawLine(xSeed, y0, xSeed, y1);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString("top-15 (seed)", xSeed + 4, y0 - 6);

      int i = 0;
      for (Map.Entry<Category, EvaluationReport.Result> e : report.categories().entrySet()) {
        Color c = PALETTE[i % PALETTE.length];
        drawCurve(g, e.getValue().groundTruthBoxes().curve(), c, 1.8f, x0, x1, y0, y1);
        legendEntry(g, i, c, 1.8f, e.getKey().wireName(), e.getValue());
        i++;
      }
      drawCurve(g, report.overall().groundTruthBoxes().curve(), Color.BLACK, 3.2f, x0, x1, y0, y1);
      legendEntry(g, i, Color.BLACK, 3.2f, "overall", report.overall());
    } finally {
      g.dispose();
    }
    return img;
  }

  static void write(EvaluationReport report, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Images.writePng(render(report), file);
  }

  private static void drawTitle(Graphics2D g, EvaluationReport report) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    g.drawString("Street-to-shop retrieval: hit rate at k (ground-truth boxes)", LEFT, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(new Color(0x444444));
    g.drawString(
        String.format(
            Locale.ROOT,
            "embedder %s · %s split · %,d queries · overall top-1 %.3f, top-15 %.3f, top-20 %.3f",
            report.embedder(),
            report.split(),
            report.overall().queries(),
            report.overall().top(1),
            report.overall().top(15),
            report.overall().top(20)),
        LEFT,
        48);
  }

  private static void drawAxes(Graphics2D g, int x0, int x1, int y0, int y1, int maxK) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    // horizontal grid and y ticks
    for (int t = 0; t <= 10; t += 2) {
      double v = t / 10.0;
      int y = yOf(v, y0, y1);
      g.setColor(new Color(0xe6e6e6));
      g.setStroke(new BasicStroke(1f));
      g.drawLine(x0, y, x1, y);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, "%.1f", v);
      g.drawString(label, x0 - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
      g.drawLine(x0 - 4, y, x0, y);
    }
    // x ticks at 1, 5, 10, …
    for (int k = 0; k <= maxK; k += 5) {
      int kk = Math.max(1, k);
      int x = xOf(kk, x0, x1, maxK);
      g.setColor(new Color(0xf0f0f0));
      g.drawLine(x, y0, x, y1);
      g.setColor(Color.DARK_GRAY);
      String label = Integer.toString(kk);
      g.drawString(label, x - fm.stringWidth(label) / 2, y0 + 6 + fm.getAscent());
      g.drawLine(x, y0, x, y0 + 4);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.2f));
    g.drawLine(x0, y0, x1, y0);
    g.drawLine(x0, y0, x0, y1);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    fm = g.getFontMetrics();
    String xLabel = "k (shop photos shown)";
    g.drawString(xLabel, (x0 + x1) / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 14);
    Graphics2D rotated = (Graphics2D) g.create();
    try {
      rotated.rotate(-Math.PI / 2);
      String yLabel = "hit rate at k (correct product in top k)";
      rotated.drawString(yLabel, -((y0 + y1) / 2 + fm.stringWidth(yLabel) / 2), 20);
    } finally {
      rotated.dispose();
    }
  }

  private static void drawCurve(
      Graphics2D g, double[] curve, Color colour, float width, int x0, int x1, int y0, int y1) {
    Path2D.Double path = new Path2D.Double();
    boolean started = false;
    for (int k = 1; k <= curve.length; k++) {
      double v = curve[k - 1];
      if (Double.isNaN(v)) {
        continue;
      }
      double x = xOfExact(k, x0, x1, curve.length);
      double y = y0 - v * (y0 - y1);
      if (started) {
        path.lineTo(x, y);
      } else {
        path.moveTo(x, y);
        started = true;
      }
    }
    g.setColor(colour);
    g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(path);
  }

  private static void legendEntry(
      Graphics2D g, int index, Color colour, float width, String name, EvaluationReport.Result r) {
    int x = WIDTH - RIGHT + 18;
    int y = TOP + 10 + index * 22;
    g.setColor(colour);
    g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.drawLine(x, y, x + 22, y);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, name.equals("overall") ? Font.BOLD : Font.PLAIN, 12));
    g.drawString(String.format(Locale.ROOT, "%s (%d)", name, r.queries()), x + 30, y + 4);
  }

  private static int xOf(int k, int x0, int x1, int maxK) {
    return (int) Math.round(xOfExact(k, x0, x1, maxK));
  }

  private static double xOfExact(int k, int x0, int x1, int maxK) {
    return x0 + (k - 1) * (double) (x1 - x0) / (maxK - 1);
  }

  private static int yOf(double v, int y0, int y1) {
    return (int) Math.round(y0 - v * (y0 - y1));
  }
}
