package com.buythatlook.cli.generate;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * A street photo being composed, with a per-pixel record of which worn item is on top. Scenery and
 * bodies are painted with Java2D; garments are warped in directly on the raster. Every paint keeps
 * the owner map right, so the visible part of each item (its box, its occlusion) is known exactly.
 */
final class Canvas {
  private static final int COVERED = 128;

  final int width;
  final int height;
  final BufferedImage image;
  final int[] rgb;
  final Graphics2D g;

  /** For each pixel, the 1-based number of the item seen there, or 0. */
  private final short[] owner;

  private final byte[] coverage;
  private final Graphics2D coverageGraphics;

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    this.rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    this.g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    this.owner = new short[width * height];
    BufferedImage cov = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    this.coverage = ((DataBufferByte) cov.getRaster().getDataBuffer()).getData();
    this.coverageGraphics = cov.createGraphics();
    coverageGraphics.setRenderingHint(
        RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    coverageGraphics.setColor(Color.WHITE);
  }

  void dispose() {
    g.dispose();
    coverageGraphics.dispose();
  }

  /** Paints something opaque (scenery in front, a body) that hides the items beneath it. */
  void paintOccluder(Shape shape, Paint paint) {
    g.setPaint(paint);
    g.fill(shape);
    Rectangle r = rasterise(shape);
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int i = y * width + r.x, end = i + r.width; i < end; i++) {
        if ((coverage[i] & 0xFF) >= COVERED) {
          owner[i] = 0;
        }
        coverage[i] = 0;
      }
    }
  }

  /** How many pixels of each item (index = item number) {@code shape} would hide if painted. */
  int[] hiddenBy(Shape shape, int items) {
    int[] hidden = new int[items + 1];
    Rectangle r = rasterise(shape);
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int i = y * width + r.x, end = i + r.width; i < end; i++) {
        if ((coverage[i] & 0xFF) >= COVERED) {
          hidden[owner[i]]++;
        }
        coverage[i] = 0;
      }
    }
    return hidden;
  }

  private Rectangle rasterise(Shape shape) {
    Rectangle r = shape.getBounds().intersection(new Rectangle(0, 0, width, height));
    if (r.isEmpty()) {
      return new Rectangle(0, 0, 0, 0);
    }
    coverageGraphics.fill(shape);
    return r;
  }

  /**
   * Warps a sprite into the photo by inverse mapping: every photo pixel inside the sprite's
   * projected bounds looks up its source point through the inverse homography and samples the
   * sprite bilinearly (premultiplied, so edges do not darken). Pixels where the sprite is at least
   * half opaque now belong to {@code item}.
   *
   * @param gain light falling on the item (1 = as drawn)
   * @return how many pixels the item covers now
   */
  int drawSprite(Sprite sprite, Homography spriteToImage, int item, double gain) {
    int sw = sprite.width();
    int sh = sprite.height();
    double[] corners = spriteToImage.map(new double[] {0, 0, sw, 0, sw, sh, 0, sh});
    double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
    for (int k = 0; k < 8; k += 2) {
      minX = Math.min(minX, corners[k]);
      maxX = Math.max(maxX, corners[k]);
      minY = Math.min(minY, corners[k + 1]);
      maxY = Math.max(maxY, corners[k + 1]);
    }
    int x0 = Math.max(0, (int) Math.floor(minX));
    int y0 = Math.max(0, (int) Math.floor(minY));
    int x1 = Math.min(width, (int) Math.ceil(maxX));
    int y1 = Math.min(height, (int) Math.ceil(maxY));
    Homography inv = spriteToImage.inverse();
    double a0 = inv.coefficient(0), a1 = inv.coefficient(1), a2 = inv.coefficient(2);
    double b0 = inv.coefficient(3), b1 = inv.coefficient(4), b2 = inv.coefficient(5);
    double c0 = inv.coefficient(6), c1 = inv.coefficient(7), c2 = inv.coefficient(8);
    int[] src = sprite.argb();
    // (channel × alpha × weight) sums are scaled by 255 × 65536; this folds the 256/255 back in
    long gainFixed = Math.round(gain * 256 * 256 / 255.0);
    short id = (short) item;
    int drawn = 0;
    for (int y = y0; y < y1; y++) {
      double py = y + 0.5;
      double px = x0 + 0.5;
      double nu = a0 * px + a1 * py + a2;
      double nv = b0 * px + b1 * py + b2;
      double nw = c0 * px + c1 * py + c2;
      int row = y * width;
      for (int x = x0; x < x1; x++, nu += a0, nv += b0, nw += c0) {
        double u = nu / nw - 0.5;
        double v = nv / nw - 0.5;
        if (!(u >= 0 && v >= 0 && u < sw - 1 && v < sh - 1)) {
          continue; // the sprite's transparent border makes this cut invisible
        }
        int iu = (int) u;
        int iv = (int) v;
        int fu = (int) ((u - iu) * 256);
        int fv = (int) ((v - iv) * 256);
        int s = iv * sw + iu;
        int p00 = src[s], p10 = src[s + 1], p01 = src[s + sw], p11 = src[s + sw + 1];
        int w00 = (256 - fu) * (256 - fv), w10 = fu * (256 - fv);
        int w01 = (256 - fu) * fv, w11 = fu * fv;
        int a00 = (p00 >>> 24) * w00, a10 = (p10 >>> 24) * w10;
        int a01 = (p01 >>> 24) * w01, a11 = (p11 >>> 24) * w11;
        int alphaSum = a00 + a10 + a01 + a11; // alpha × 65536
        if (alphaSum < 65536) {
          continue;
        }
        long r =
            (long) ((p00 >> 16) & 0xFF) * a00
                + (long) ((p10 >> 16) & 0xFF) * a10
                + (long) ((p01 >> 16) & 0xFF) * a01
                + (long) ((p11 >> 16) & 0xFF) * a11;
        long gr =
            (long) ((p00 >> 8) & 0xFF) * a00
                + (long) ((p10 >> 8) & 0xFF) * a10
                + (long) ((p01 >> 8) & 0xFF) * a01
                + (long) ((p11 >> 8) & 0xFF) * a11;
        long b =
            (long) (p00 & 0xFF) * a00
                + (long) (p10 & 0xFF) * a10
                + (long) (p01 & 0xFF) * a01
                + (long) (p11 & 0xFF) * a11;
        int alpha = alphaSum >> 16; // 0..255
        // premultiplied source (scaled by the light) over the destination
        int sr = (int) ((r * gainFixed) >> 32);
        int sg = (int) ((gr * gainFixed) >> 32);
        int sb = (int) ((b * gainFixed) >> 32);
        int i = row + x;
        int d = rgb[i];
        int keep = 255 - alpha;
        int or = sr + ((((d >> 16) & 0xFF) * keep) >> 8);
        int og = sg + ((((d >> 8) & 0xFF) * keep) >> 8);
        int ob = sb + (((d & 0xFF) * keep) >> 8);
        rgb[i] = (Math.min(255, or) << 16) | (Math.min(255, og) << 8) | Math.min(255, ob);
        if (alpha >= COVERED) {
          owner[i] = id;
          drawn++;
        }
      }
    }
    return drawn;
  }

  /** Pixels each item shows now (index = item number). */
  int[] visibleCounts(int items) {
    int[] counts = new int[items + 1];
    for (short o : owner) {
      counts[o]++;
    }
    return counts;
  }

  /**
   * The tight pixel bounds {@code [x0, y0, x1, y1)} of what each item shows, or {@code null} for an
   * item that shows nothing.
   */
  int[][] visibleBounds(int items) {
    int[][] b = new int[items + 1][];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        int o = owner[row + x];
        if (o == 0) {
          continue;
        }
        int[] r = b[o];
        if (r == null) {
          b[o] = new int[] {x, y, x + 1, y + 1};
        } else {
          if (x < r[0]) {
            r[0] = x;
          }
          if (x >= r[2]) {
            r[2] = x + 1;
          }
          r[3] = y + 1;
        }
      }
    }
    return b;
  }
}
