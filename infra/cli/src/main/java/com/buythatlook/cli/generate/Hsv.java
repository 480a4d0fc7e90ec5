package com.buythatlook.cli.generate;

/**
 * A colour as hue (degrees), saturation and value (both 0–1): the space in which product families
 * are defined, since "the same colour a little bluer" is a hue rotation.
 */
record Hsv(double hue, double saturation, double value) {

  /** Below this saturation a colour reads as grey, and rotating its hue changes nothing. */
  static final double CHROMATIC = 0.15;

  Hsv {
    hue = ((hue % 360) + 360) % 360;
    saturation = Math.max(0, Math.min(1, saturation));
    value = Math.max(0, Math.min(1, value));
  }

  boolean isChromatic() {
    return saturation >= CHROMATIC;
  }

  Hsv rotate(double degrees) {
    return new Hsv(hue + degrees, saturation, value);
  }

  Hsv jitter(double dHue, double dSaturation, double dValue) {
    return new Hsv(hue + dHue, saturation + dSaturation, value + dValue);
  }

  /** The colour packed as {@code 0xRRGGBB}. */
  int rgb() {
    double h = hue / 60.0;
    int sector = (int) Math.floor(h) % 6;
    double f = h - Math.floor(h);
    double v = value;
    double p = v * (1 - saturation);
    double q = v * (1 - saturation * f);
    double t = v * (1 - saturation * (1 - f));
    double r, g, b;
    switch (sector) {
      case 0 -> {
        r = v;
        g = t;
        b = p;
      }
      case 1 -> {
        r = q;
        g = v;
        b = p;
      }
      case 2 -> {
        r = p;
        g = v;
        b = t;
      }
      case 3 -> {
        r = p;
        g = q;
        b = v;
      }
      case 4 -> {
        r = t;
        g = p;
        b = v;
      }
      default -> {
        r = v;
        g = p;
        b = q;
      }
    }
    return Rgb.pack(
        (int) Math.round(r * 255), (int) Math.round(g * 255), (int) Math.round(b * 255));
  }
}
