package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.Seeds.between;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.SplittableRandom;

/**
 * The scenery behind the people: a street, a room or a park, each a gradient sky or wall over a
 * ground plane, textured, with buildings, windows, furniture or trees drawn on it. Colours are
 * drawn widely so that a colour histogram of a street crop is full of things that are not the
 * garment.
 */
final class SceneBackground {
  private SceneBackground() {}

  static void paint(Canvas canvas, SplittableRandom rng) {
    int w = canvas.width;
    int h = canvas.height;
    int horizon = (int) (h * between(rng, 0.42, 0.72));
    switch (rng.nextInt(3)) {
      case 0 -> street(canvas, rng, horizon);
      case 1 -> room(canvas, rng, horizon);
      default -> park(canvas, rng, horizon);
    }
    NoiseGrid coarse = new NoiseGrid(rng, w, h, 48 + rng.nextInt(40));
    NoiseGrid fine = new NoiseGrid(rng, w, h, 5 + rng.nextInt(6));
    NoiseGrid.modulate(canvas.rgb, w, 0, h, between(rng, 0.12, 0.3), coarse, fine);
  }

  private static void street(Canvas c, SplittableRandom rng, int horizon) {
    Graphics2D g = c.g;
    int w = c.width;
    int h = c.height;
    gradient(
        c,
        0,
        horizon,
        hsv(rng, 195, 230, 0.1, 0.5, 0.75, 1.0),
        hsv(rng, 190, 220, 0.0, 0.2, 0.85, 1));
    gradient(
        c, horizon, h, hsv(rng, 0, 360, 0, 0.12, 0.45, 0.7), hsv(rng, 0, 360, 0, 0.12, 0.55, 0.85));
    int x = -rng.nextInt(30);
    while (x < w) {
      int bw = 60 + rng.nextInt(110);
      int top = (int) (horizon - h * between(rng, 0.12, 0.5));
      Color wall = hsv(rng, 0, 360, 0.05, 0.5, 0.35, 0.9);
      g.setColor(wall);
      g.fill(new Rectangle2D.Double(x, top, bw, horizon - top + 2));
      Color glass =
          rng.nextBoolean()
              ? hsv(rng, 190, 230, 0.1, 0.4, 0.2, 0.5)
              : hsv(rng, 190, 220, 0.05, 0.3, 0.7, 0.95);
      int ww = 8 + rng.nextInt(12);
      int wh = 10 + rng.nextInt(14);
      int gapX = 6 + rng.nextInt(10);
      int gapY = 8 + rng.nextInt(12);
      g.setColor(glass);
      for (int wy = top + gapY; wy + wh < horizon - 20; wy += wh + gapY) {
        for (int wx = x + gapX; wx + ww < x + bw - 4; wx += ww + gapX) {
          g.fill(new Rectangle2D.Double(wx, wy, ww, wh));
        }
      }
      if (rng.nextInt(3) == 0) { // an awning: a striped distractor
        g.setPaint(
            new GradientPaint(
                x, 0, hsv(rng, 0, 360, 0.4, 0.9, 0.5, 0.95), x + 8, 0, Color.WHITE, true));
        g.fill(new Rectangle2D.Double(x + 4, horizon - 48, bw - 8, 14));
      }
      x += bw + rng.nextInt(8);
    }
    // pavement joints, converging towards a vanishing point
    g.setColor(new Color(0, 0, 0, 40));
    g.setStroke(new BasicStroke(1.2f));
    double vx = w * between(rng, 0.2, 0.8);
    for (int k = -8; k <= 8; k++) {
      g.draw(new Line2D.Double(vx + k * 6, horizon, vx + k * 90, h));
    }
    for (double y = horizon + 6, step = 4; y < h; y += step, step *= 1.35) {
      g.draw(new Line2D.Double(0, y, w, y));
    }
  }

  private static void room(Canvas c, SplittableRandom rng, int horizon) {
    Graphics2D g = c.g;
    int w = c.width;
    int h = c.height;
    Color wall = hsv(rng, 0, 360, 0.05, 0.45, 0.55, 0.95);
    gradient(c, 0, horizon, wall, brighter(wall, between(rng, 0.8, 1.15)));
    Color floor =
        rng.nextBoolean()
            ? hsv(rng, 18, 40, 0.3, 0.6, 0.3, 0.7)
            : hsv(rng, 0, 360, 0, 0.1, 0.4, 0.8);
    gradient(c, horizon, h, brighter(floor, 0.85), floor);
    if (rng.nextInt(3) == 0) { // wallpaper stripes
      g.setColor(new Color(0, 0, 0, 14 + rng.nextInt(20)));
      int step = 10 + rng.nextInt(20);
      for (int x = rng.nextInt(step); x < w; x += step) {
        g.fill(new Rectangle2D.Double(x, 0, step / 2.0, horizon));
      }
    }
    for (int k = rng.nextInt(4); k > 0; k--) { // frames and pictures
      double fw = w * between(rng, 0.1, 0.3);
      double fh = fw * between(rng, 0.6, 1.4);
      double fx = between(rng, 0, w - fw);
      double fy = between(rng, 0.05 * h, Math.max(0.06 * h, horizon - fh - 10));
      g.setColor(hsv(rng, 0, 360, 0, 0.5, 0.1, 0.6));
      g.fill(new Rectangle2D.Double(fx - 3, fy - 3, fw + 6, fh + 6));
      g.setPaint(
          new GradientPaint(
              (float) fx,
              (float) fy,
              hsv(rng, 0, 360, 0.2, 0.9, 0.3, 1),
              (float) (fx + fw),
              (float) (fy + fh),
              hsv(rng, 0, 360, 0.2, 0.9, 0.3, 1)));
      g.fill(new Rectangle2D.Double(fx, fy, fw, fh));
    }
    if (rng.nextBoolean()) { // a bright window
      double ww = w * between(rng, 0.2, 0.4);
      double wx = between(rng, 0, w - ww);
      double wy = h * between(rng, 0.05, 0.15);
      double wh = Math.max(20, horizon - wy - h * 0.1);
      g.setColor(hsv(rng, 190, 220, 0.05, 0.25, 0.85, 1));
      g.fill(new Rectangle2D.Double(wx, wy, ww, wh));
      g.setColor(new Color(0xF4F1EA));
      g.setStroke(new BasicStroke(4f));
      g.draw(new Rectangle2D.Double(wx, wy, ww, wh));
      g.draw(new Line2D.Double(wx + ww / 2, wy, wx + ww / 2, wy + wh));
    }
    g.setColor(brighter(wall, 0.6)); // skirting board
    g.fill(new Rectangle2D.Double(0, horizon - 6, w, 6));
    g.setColor(new Color(0, 0, 0, 35));
    g.setStroke(new BasicStroke(1f));
    double vx = w * between(rng, 0.3, 0.7);
    for (int k = -10; k <= 10; k++) {
      g.draw(new Line2D.Double(vx + k * 14, horizon, vx + k * 70, h));
    }
  }

  private static void park(Canvas c, SplittableRandom rng, int horizon) {
    Graphics2D g = c.g;
    int w = c.width;
    int h = c.height;
    gradient(
        c,
        0,
        horizon,
        hsv(rng, 195, 225, 0.15, 0.55, 0.7, 1.0),
        hsv(rng, 190, 215, 0.0, 0.2, 0.9, 1));
    gradient(
        c,
        horizon,
        h,
        hsv(rng, 70, 130, 0.3, 0.6, 0.35, 0.6),
        hsv(rng, 70, 130, 0.3, 0.7, 0.3, 0.55));
    for (int k = 2 + rng.nextInt(6); k > 0; k--) {
      double tx = between(rng, -20, w + 20);
      double size = between(rng, 30, 110);
      double base = horizon + between(rng, -5, 20);
      g.setColor(hsv(rng, 20, 35, 0.4, 0.7, 0.2, 0.4));
      g.fill(new Rectangle2D.Double(tx - size * 0.08, base - size * 1.1, size * 0.16, size * 1.1));
      for (int b = 0; b < 5; b++) {
        g.setColor(hsv(rng, 75, 140, 0.35, 0.75, 0.2, 0.6));
        double r = size * between(rng, 0.3, 0.55);
        g.fill(
            new Ellipse2D.Double(
                tx - r + between(rng, -size * 0.35, size * 0.35),
                base - size * 1.25 - r + between(rng, -size * 0.3, size * 0.3),
                2 * r,
                2 * r));
      }
    }
    if (rng.nextBoolean()) { // a gravel path
      double vx = w * between(rng, 0.2, 0.8);
      g.setColor(hsv(rng, 25, 45, 0.1, 0.35, 0.55, 0.85));
      g.fill(Shapes.polygon(vx - 8, horizon, vx + 8, horizon, vx + w * 0.6, h, vx - w * 0.6, h));
    }
  }

  /** Fills rows {@code [y0, y1)} with a vertical gradient. */
  private static void gradient(Canvas c, int y0, int y1, Color top, Color bottom) {
    int a = top.getRGB() & 0xFFFFFF;
    int b = bottom.getRGB() & 0xFFFFFF;
    for (int y = Math.max(0, y0); y < Math.min(c.height, y1); y++) {
      int colour = Rgb.mix(a, b, (y - y0) / (double) Math.max(1, y1 - y0));
      java.util.Arrays.fill(c.rgb, y * c.width, (y + 1) * c.width, colour);
    }
  }

  static Color hsv(
      SplittableRandom rng, double h0, double h1, double s0, double s1, double v0, double v1) {
    return Rgb.awt(new Hsv(between(rng, h0, h1), between(rng, s0, s1), between(rng, v0, v1)).rgb());
  }

  private static Color brighter(Color c, double f) {
    return Rgb.awt(Rgb.scale(c.getRGB() & 0xFFFFFF, f));
  }
}
