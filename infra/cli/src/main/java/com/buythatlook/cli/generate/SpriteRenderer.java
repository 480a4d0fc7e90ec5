package com.buythatlook.cli.generate;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * Draws a product (garment shape + texture) as a {@link Sprite}. Shop photos and street photos both
 * start from this, which is what keeps a product's look consistent between them; each draws it at
 * the resolution it needs, and since patterns are defined relative to the garment, the product
 * looks the same at every size.
 */
final class SpriteRenderer {
  private static final int PAD = 2;
  private static final Color SEAM = new Color(0, 0, 0, 95);
  private static final Color FOLD = new Color(0, 0, 0, 32);
  private static final Color SHADE = new Color(0, 0, 0, 80);
  private static final Color HIGHLIGHT = new Color(255, 255, 255, 90);
  private static final Color SOLE = new Color(0xF0EDE6);
  private static final Color DARK_SOLE = new Color(0x2A2420);
  private static final Color METAL = new Color(0xC9A54B);
  private static final Color METAL_EDGE = new Color(60, 45, 10, 120);
  private static final Color LENS = new Color(12, 12, 22, 150);

  private SpriteRenderer() {}

  /**
   * @param longSide the sprite's longest side in pixels, border included
   */
  static Sprite render(Garment garment, Texture texture, int longSide) {
    GarmentDrawing d = garment.drawing();
    Rectangle2D b = d.bounds();
    double extent = Math.max(b.getWidth(), b.getHeight());
    double scale = Math.max(1, longSide - 2 * PAD) / extent;
    int w = (int) Math.ceil(b.getWidth() * scale) + 2 * PAD;
    int h = (int) Math.ceil(b.getHeight() * scale) + 2 * PAD;
    double originX = b.getX() - PAD / scale;
    double originY = b.getY() - PAD / scale;
    AffineTransform toSprite =
        new AffineTransform(scale, 0, 0, scale, -originX * scale, -originY * scale);

    BufferedImage coverage = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D cg = coverage.createGraphics();
    cg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    cg.setColor(Color.WHITE);
    cg.setTransform(toSprite);
    cg.fill(d.body());
    cg.dispose();
    byte[] alpha = ((DataBufferByte) coverage.getRaster().getDataBuffer()).getData();

    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    int[] argb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    double unit = scale * extent;
    texture.fill(
        argb,
        w,
        h,
        PAD,
        PAD,
        unit,
        (d.anchorX() - b.getX()) / extent,
        (d.anchorY() - b.getY()) / extent);
    shade(argb, alpha, w, h, Math.max(1, (int) Math.round(longSide * 0.03)));

    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setComposite(AlphaComposite.SrcAtop); // details never spill outside the cloth
    g.setTransform(toSprite);
    for (GarmentDetail detail : d.details()) {
      paint(g, detail, scale);
    }
    g.dispose();
    return new Sprite(image, argb, w, h, scale, originX, originY);
  }

  /**
   * Sets alpha from coverage and darkens the cloth towards its edges (a blurred coverage is low
   * near an edge), which reads as a rounded, worn garment instead of a flat cut-out. The colour
   * under transparent pixels is kept, so bilinear sampling at the edge does not pull in black.
   */
  private static void shade(int[] argb, byte[] alpha, int w, int h, int radius) {
    int[] blurred = boxBlur(alpha, w, h, radius);
    for (int y = 0; y < h; y++) {
      double light = 1.03 - 0.06 * y / h;
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int a = alpha[i] & 0xFF;
        double f = light * (0.8 + 0.2 * blurred[i] / 255.0);
        int c = argb[i];
        int r = (int) (((c >> 16) & 0xFF) * f);
        int gg = (int) (((c >> 8) & 0xFF) * f);
        int bb = (int) ((c & 0xFF) * f);
        argb[i] = (a << 24) | (Rgb.clamp(r) << 16) | (Rgb.clamp(gg) << 8) | Rgb.clamp(bb);
      }
    }
  }

  /** Separable running-sum box blur of an 8-bit plane, edges clamped. */
  static int[] boxBlur(byte[] src, int w, int h, int r) {
    int[] tmp = new int[w * h];
    int[] out = new int[w * h];
    int span = 2 * r + 1;
    for (int y = 0; y < h; y++) {
      int row = y * w;
      int sum = 0;
      for (int k = -r; k <= r; k++) {
        sum += src[row + Math.min(w - 1, Math.max(0, k))] & 0xFF;
      }
      for (int x = 0; x < w; x++) {
        tmp[row + x] = sum / span;
        int add = Math.min(w - 1, x + r + 1);
        int sub = Math.max(0, x - r);
        sum += (src[row + add] & 0xFF) - (src[row + sub] & 0xFF);
      }
    }
    for (int x = 0; x < w; x++) {
      int sum = 0;
      for (int k = -r; k <= r; k++) {
        sum += tmp[Math.min(h - 1, Math.max(0, k)) * w + x];
      }
      for (int y = 0; y < h; y++) {
        out[y * w + x] = sum / span;
        int add = Math.min(h - 1, y + r + 1);
        int sub = Math.max(0, y - r);
        sum += tmp[add * w + x] - tmp[sub * w + x];
      }
    }
    return out;
  }

  private static void paint(Graphics2D g, GarmentDetail detail, double scale) {
    // never thinner than one pixel, or the seam vanishes at small sizes
    float width = (float) Math.max(detail.width(), 1.0 / scale);
    switch (detail.style()) {
      case SEAM, FOLD -> {
        g.setColor(detail.style() == DetailStyle.SEAM ? SEAM : FOLD);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(detail.shape());
      }
      case SHADE -> fill(g, detail, SHADE);
      case HIGHLIGHT -> fill(g, detail, HIGHLIGHT);
      case SOLE -> fill(g, detail, SOLE);
      case DARK_SOLE -> fill(g, detail, DARK_SOLE);
      case LENS -> fill(g, detail, LENS);
      case METAL -> {
        fill(g, detail, METAL);
        g.setColor(METAL_EDGE);
        g.setStroke(new BasicStroke((float) (1.0 / scale)));
        g.draw(detail.shape());
      }
      default -> throw new IllegalStateException("unhandled detail style " + detail.style());
    }
  }

  private static void fill(Graphics2D g, GarmentDetail detail, Color colour) {
    g.setColor(colour);
    g.fill(detail.shape());
  }
}
