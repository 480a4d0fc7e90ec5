package com.buythatlook.cli.generate;

/** Arithmetic on colours packed as {@code 0xRRGGBB} ints, the pixel format of every raster here. */
final class Rgb {
  private Rgb() {}

  static int pack(int r, int g, int b) {
    return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  static int red(int c) {
    return (c >> 16) & 0xFF;
  }

  static int green(int c) {
    return (c >> 8) & 0xFF;
  }

  static int blue(int c) {
    return c & 0xFF;
  }

  static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  /** {@code a} at {@code t = 0}, {@code b} at {@code t = 1}. */
  static int mix(int a, int b, double t) {
    return pack(
        (int) Math.round(red(a) + (red(b) - red(a)) * t),
        (int) Math.round(green(a) + (green(b) - green(a)) * t),
        (int) Math.round(blue(a) + (blue(b) - blue(a)) * t));
  }

  static int scale(int c, double f) {
    return pack(
        (int) Math.round(red(c) * f),
        (int) Math.round(green(c) * f),
        (int) Math.round(blue(c) * f));
  }

  static java.awt.Color awt(int c) {
    return new java.awt.Color(c & 0xFFFFFF);
  }
}
