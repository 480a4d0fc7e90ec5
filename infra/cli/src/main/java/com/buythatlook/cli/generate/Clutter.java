package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.SceneBackground.hsv;
import static com.buythatlook.cli.generate.Seeds.between;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.TexturePaint;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Things in a street photo that are not people: random shapes behind them (some striped or dotted,
 * so that "has a pattern" does not mean "is a garment"), and props in front of them — posts,
 * plants, railings, bicycles — that hide part of a garment, never more than the caller allows.
 */
final class Clutter {
  /** A prop in front of the people: parts painted in order, each with its own paint. */
  private record Prop(List<Shape> shapes, List<Paint> paints) {}

  private Clutter() {}

  static void paintBehind(Canvas c, SplittableRandom rng) {
    Graphics2D g = c.g;
    for (int k = 5 + rng.nextInt(10); k > 0; k--) {
      double size = c.width * between(rng, 0.04, 0.28);
      double x = between(rng, -size / 2, c.width - size / 2);
      double y = between(rng, 0, c.height * 0.85);
      double aspect = between(rng, 0.4, 2.2);
      Shape s =
          switch (rng.nextInt(5)) {
            case 0 -> Shapes.ellipse(x, y, size / 2, size / 2 * aspect);
            case 1 -> Shapes.rect(x, y, x + size, y + size * aspect);
            case 2 -> Shapes.roundRect(x, y, x + size, y + size * aspect, size * 0.15);
            case 3 ->
                Shapes.polygon(x, y + size * aspect, x + size / 2, y, x + size, y + size * aspect);
            default ->
                Shapes.stroke(
                    Shapes.polyline(x, y, x + size, y + size * (aspect - 1.2)), between(rng, 2, 7));
          };
      g.setPaint(randomPaint(rng, x, y, size));
      g.fill(s);
    }
  }

  /**
   * Paints up to three props in front of everything, each only if afterwards every item still shows
   * at least {@code keep} of the pixels it had when drawn.
   *
   * @param drawn pixels each item (by number) covered when drawn; 0 for none
   */
  static void paintInFront(Canvas c, SplittableRandom rng, int[] drawn, double keep) {
    int items = drawn.length - 1;
    int props = new int[] {0, 0, 0, 1, 1, 1, 1, 2, 2, 3}[rng.nextInt(10)];
    if (props == 0) {
      return;
    }
    int[] visible = c.visibleCounts(items);
    for (int k = 0; k < props; k++) {
      Prop prop = prop(rng, c.width, c.height);
      Area all = new Area();
      for (Shape s : prop.shapes()) {
        all.add(new Area(s));
      }
      int[] hidden = c.hiddenBy(all, items);
      boolean fits = true;
      for (int i = 1; i <= items; i++) {
        if (drawn[i] > 0 && visible[i] - hidden[i] < keep * drawn[i]) {
          fits = false;
          break;
        }
      }
      if (!fits) {
        continue;
      }
      for (int p = 0; p < prop.shapes().size(); p++) {
        c.paintOccluder(prop.shapes().get(p), prop.paints().get(p));
      }
      for (int i = 1; i <= items; i++) {
        visible[i] -= hidden[i];
      }
    }
  }

  private static Prop prop(SplittableRandom rng, int w, int h) {
    List<Shape> shapes = new ArrayList<>();
    List<Paint> paints = new ArrayList<>();
    double x = between(rng, 0.05 * w, 0.95 * w);
    switch (rng.nextInt(6)) {
      case 0 -> { // lamp post or pole
        double pw = between(rng, 5, 13);
        Color metal = hsv(rng, 0, 360, 0, 0.3, 0.1, 0.45);
        shapes.add(Shapes.rect(x - pw / 2, -5, x + pw / 2, h + 5));
        paints.add(
            new GradientPaint(
                (float) (x - pw / 2),
                0,
                metal,
                (float) (x + pw / 2),
                0,
                Rgb.awt(Rgb.scale(metal.getRGB() & 0xFFFFFF, 1.8))));
      }
      case 1 -> { // bollard
        double bw = between(rng, 16, 36);
        double bh = between(rng, 45, 130);
        shapes.add(Shapes.roundRect(x - bw / 2, h - bh, x + bw / 2, h + 10, bw * 0.4));
        paints.add(hsv(rng, 0, 360, 0, 0.6, 0.2, 0.8));
      }
      case 2 -> { // potted plant
        double pw = between(rng, 30, 70);
        double ph = pw * between(rng, 0.6, 1.0);
        double top = h - ph;
        shapes.add(
            Shapes.polygon(
                x - pw / 2, top, x + pw / 2, top, x + pw * 0.38, h + 2, x - pw * 0.38, h + 2));
        paints.add(hsv(rng, 10, 30, 0.4, 0.7, 0.35, 0.75));
        Area leaves = new Area();
        for (int l = 0; l < 7; l++) {
          double r = pw * between(rng, 0.2, 0.4);
          leaves.add(
              new Area(
                  Shapes.ellipse(
                      x + between(rng, -pw * 0.6, pw * 0.6),
                      top - between(rng, 0, pw * 1.1),
                      r * 0.6,
                      r)));
        }
        shapes.add(leaves);
        paints.add(hsv(rng, 80, 140, 0.4, 0.8, 0.2, 0.55));
      }
      case 3 -> { // railing across the lower part
        double y = h * between(rng, 0.72, 0.9);
        double x0 = between(rng, -50, w * 0.5);
        double x1 = x0 + w * between(rng, 0.3, 0.7);
        Color metal = hsv(rng, 0, 360, 0, 0.4, 0.1, 0.6);
        Area rail = new Area(Shapes.rect(x0, y, x1, y + 5));
        rail.add(new Area(Shapes.rect(x0, y + 28, x1, y + 31)));
        for (double px = x0 + 10; px < x1; px += between(rng, 30, 60)) {
          rail.add(new Area(Shapes.rect(px, y, px + 4, h + 5)));
        }
        shapes.add(rail);
        paints.add(metal);
      }
      case 4 -> { // bicycle wheels and frame
        double r = between(rng, 28, 55);
        double y = h - r - between(rng, 0, 10);
        double gap = r * 2.3;
        Area bike = new Area(Shapes.stroke(Shapes.ellipse(x - gap / 2, y, r, r), 3.5));
        bike.add(new Area(Shapes.stroke(Shapes.ellipse(x + gap / 2, y, r, r), 3.5)));
        bike.add(
            new Area(
                Shapes.stroke(
                    Shapes.polyline(
                        x - gap / 2,
                        y,
                        x - r * 0.2,
                        y - r * 1.1,
                        x + gap / 2 - r * 0.3,
                        y - r * 1.1,
                        x + gap / 2,
                        y,
                        x,
                        y,
                        x - r * 0.2,
                        y - r * 1.1),
                    4)));
        shapes.add(bike);
        paints.add(hsv(rng, 0, 360, 0.3, 0.9, 0.2, 0.8));
      }
      default -> { // a sign on a post
        double sw = between(rng, 40, 90);
        double sh = sw * between(rng, 0.5, 1.1);
        double top = h * between(rng, 0.35, 0.65);
        shapes.add(Shapes.rect(x - 3, top, x + 3, h + 5));
        paints.add(new Color(0x555555));
        shapes.add(Shapes.roundRect(x - sw / 2, top - sh, x + sw / 2, top + 4, 4));
        paints.add(randomPaint(rng, x - sw / 2, top - sh, sw));
      }
    }
    return new Prop(shapes, paints);
  }

  /** A flat colour, a gradient, or a stripe/dot texture — scenery that shares garments' looks. */
  private static Paint randomPaint(SplittableRandom rng, double x, double y, double size) {
    Color a = hsv(rng, 0, 360, 0.05, 0.9, 0.25, 0.97);
    int kind = rng.nextInt(10);
    if (kind < 6) {
      return a;
    }
    Color b = hsv(rng, 0, 360, 0.05, 0.9, 0.25, 0.97);
    if (kind < 8) {
      return new GradientPaint((float) x, (float) y, a, (float) (x + size), (float) (y + size), b);
    }
    int period = 4 + rng.nextInt(12);
    BufferedImage tile = new BufferedImage(period, period, BufferedImage.TYPE_INT_RGB);
    boolean dots = kind == 9;
    for (int ty = 0; ty < period; ty++) {
      for (int tx = 0; tx < period; tx++) {
        boolean ink =
            dots
                ? Math.hypot(tx - period / 2.0 + 0.5, ty - period / 2.0 + 0.5) < period * 0.3
                : tx < period / 2;
        tile.setRGB(tx, ty, (ink ? b : a).getRGB());
      }
    }
    return new TexturePaint(tile, new Rectangle2D.Double(0, 0, period, period));
  }
}
