package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.Seeds.between;

import java.util.SplittableRandom;

/**
 * What a phone camera does to a street scene: uneven light with a colour cast (each channel's gain
 * within ±30 %), optical blur, sensor noise, and (chosen here, applied by the JPEG writer) a
 * compression quality between 40 and 95. Blur stays at most about one pixel, so the patterns that
 * identify products survive in crops. With {@code wide} (scenes over real photographs) the light
 * ranges from dim to bright with stronger casts (gains 0.55–1.45), blur reaches 1.4 px and the JPEG
 * quality goes down to 30, as in photos shared from phones.
 */
final class PhotoEffects {
  private PhotoEffects() {}

  /**
   * @param wide the wider ranges of scenes over real photographs
   * @return the JPEG quality (0.40–0.95; with {@code wide} 0.30–0.95) to save the photo with
   */
  static float apply(int[] rgb, int w, int h, SplittableRandom rng, boolean wide) {
    light(rgb, w, h, rng, wide);
    if (rng.nextInt(100) < 65) {
      blur(rgb, w, h, between(rng, 0.35, wide ? 1.4 : 1.0));
    }
    noise(rgb, w, h, between(rng, 1.0, wide ? 9.0 : 7.0), rng.nextLong());
    return (float) between(rng, wide ? 0.30 : 0.40, 0.95);
  }

  private static void light(int[] rgb, int w, int h, SplittableRandom rng, boolean wide) {
    double level = wide ? between(rng, 0.6, 1.35) : between(rng, 0.75, 1.25);
    double cast = wide ? 0.2 : 0.12;
    double lo = wide ? 0.55 : 0.7;
    double hi = wide ? 1.45 : 1.3;
    double[] gain = new double[3];
    for (int c = 0; c < 3; c++) {
      gain[c] = Math.max(lo, Math.min(hi, level * (1 + between(rng, -cast, cast))));
    }
    double angle = between(rng, 0, 2 * Math.PI);
    double slope = between(rng, 0, 0.12) / (h / 2.0);
    double dx = Math.cos(angle) * slope;
    double dy = Math.sin(angle) * slope;
    double vignette = between(rng, 0, 0.18) / ((w * w + h * h) / 4.0);
    double[] ramp = new double[w];
    double[] fall = new double[w];
    for (int x = 0; x < w; x++) {
      double cx = x - w / 2.0;
      ramp[x] = dx * cx;
      fall[x] = vignette * cx * cx;
    }
    for (int y = 0; y < h; y++) {
      double cy = y - h / 2.0;
      double rowRamp = 1 + dy * cy;
      double rowFall = 1 - vignette * cy * cy;
      int row = y * w;
      for (int x = 0; x < w; x++) {
        double f = (rowRamp + ramp[x]) * (rowFall - fall[x]) * 256;
        int fr = (int) (gain[0] * f);
        int fg = (int) (gain[1] * f);
        int fb = (int) (gain[2] * f);
        int p = rgb[row + x];
        int r = (((p >> 16) & 0xFF) * fr) >> 8;
        int g = (((p >> 8) & 0xFF) * fg) >> 8;
        int b = ((p & 0xFF) * fb) >> 8;
        rgb[row + x] = (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | Math.min(255, b);
      }
    }
  }

  /** Separable Gaussian blur, kernel radius ⌈2.5σ⌉, edges clamped, on unpacked channel planes. */
  static void blur(int[] rgb, int w, int h, double sigma) {
    int radius = Math.max(1, (int) Math.ceil(2.5 * sigma));
    int[] k = new int[2 * radius + 1];
    double sum = 0;
    double[] raw = new double[k.length];
    for (int i = -radius; i <= radius; i++) {
      raw[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += raw[i + radius];
    }
    int total = 0;
    for (int i = 0; i < k.length; i++) {
      k[i] = (int) Math.round(raw[i] / sum * 4096);
      total += k[i];
    }
    k[radius] += 4096 - total; // exact unit gain, so a shift replaces the division
    int n = w * h;
    int[][] planes = new int[3][n];
    for (int i = 0; i < n; i++) {
      int p = rgb[i];
      planes[0][i] = (p >> 16) & 0xFF;
      planes[1][i] = (p >> 8) & 0xFF;
      planes[2][i] = p & 0xFF;
    }
    int[] tmp = new int[n];
    for (int[] plane : planes) {
      for (int y = 0; y < h; y++) {
        int row = y * w;
        for (int x = 0; x < w; x++) {
          int acc = 0;
          for (int j = -radius; j <= radius; j++) {
            int xx = x + j;
            xx = xx < 0 ? 0 : (xx >= w ? w - 1 : xx);
            acc += plane[row + xx] * k[j + radius];
          }
          tmp[row + x] = acc;
        }
      }
      for (int y = 0; y < h; y++) {
        int row = y * w;
        for (int x = 0; x < w; x++) {
          long acc = 0;
          for (int j = -radius; j <= radius; j++) {
            int yy = y + j;
            yy = yy < 0 ? 0 : (yy >= h ? h - 1 : yy);
            acc += (long) tmp[yy * w + x] * k[j + radius];
          }
          plane[row + x] = (int) ((acc + (1L << 23)) >> 24);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      rgb[i] =
          (Math.min(255, planes[0][i]) << 16)
              | (Math.min(255, planes[1][i]) << 8)
              | Math.min(255, planes[2][i]);
    }
  }

  /**
   * Luminance noise of standard deviation about {@code sigma} plus weaker colour noise, from an
   * inline xorshift generator (a java.util random per pixel would dominate the photo's cost).
   */
  private static void noise(int[] rgb, int w, int h, double sigma, long seed) {
    long s = seed | 1;
    // the sum of three uniforms in [-0.5, 0.5) has variance 1/4: scale by 2σ
    int scale = (int) Math.round(2 * sigma * 256);
    int chroma = scale * 2 / 5;
    for (int i = 0; i < w * h; i++) {
      s ^= s << 13;
      s ^= s >>> 7;
      s ^= s << 17;
      int u1 = (int) (s & 0xFF), u2 = (int) ((s >>> 8) & 0xFF), u3 = (int) ((s >>> 16) & 0xFF);
      int luma = ((u1 + u2 + u3 - 382) * scale) >> 16;
      int cr = ((((int) (s >>> 24) & 0xFF) - 127) * chroma) >> 15;
      int cb = ((((int) (s >>> 32) & 0xFF) - 127) * chroma) >> 15;
      int p = rgb[i];
      int r = ((p >> 16) & 0xFF) + luma + cr;
      int g = ((p >> 8) & 0xFF) + luma;
      int b = (p & 0xFF) + luma + cb;
      rgb[i] = (Rgb.clamp(r) << 16) | (Rgb.clamp(g) << 8) | Rgb.clamp(b);
    }
  }
}
