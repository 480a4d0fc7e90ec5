package com.buythatlook.cli.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A garment colour pair: the main colour and the colour its pattern is printed in. Palettes are
 * drawn from a short list of common fashion colours, so many products share one — as in a real
 * catalogue, where half the tops are navy, black or white.
 */
record Palette(Hsv primary, Hsv secondary) {

  /** Main colours: always chromatic, so that a hue rotation makes a different product. */
  static final List<Hsv> PRIMARIES =
      List.of(
          new Hsv(225, 0.70, 0.35), // navy
          new Hsv(355, 0.80, 0.75), // red
          new Hsv(345, 0.70, 0.45), // burgundy
          new Hsv(45, 0.80, 0.85), // mustard
          new Hsv(75, 0.60, 0.50), // olive
          new Hsv(140, 0.60, 0.40), // forest green
          new Hsv(180, 0.70, 0.55), // teal
          new Hsv(205, 0.50, 0.90), // sky blue
          new Hsv(220, 0.80, 0.70), // royal blue
          new Hsv(275, 0.55, 0.55), // purple
          new Hsv(330, 0.45, 0.95), // pink
          new Hsv(25, 0.85, 0.95), // orange
          new Hsv(30, 0.50, 0.75), // camel
          new Hsv(22, 0.65, 0.40), // brown
          new Hsv(212, 0.45, 0.60), // denim
          new Hsv(50, 0.35, 0.70)); // khaki

  /** Print colours: neutrals mostly, some chromatic. */
  static final List<Hsv> SECONDARIES =
      List.of(
          new Hsv(0, 0, 0.96), // white
          new Hsv(45, 0.14, 0.95), // cream
          new Hsv(0, 0, 0.10), // black
          new Hsv(210, 0.08, 0.28), // charcoal
          new Hsv(0, 0, 0.62), // grey
          new Hsv(45, 0.80, 0.88), // mustard
          new Hsv(340, 0.35, 0.95), // pink
          new Hsv(200, 0.45, 0.90), // sky
          new Hsv(355, 0.80, 0.75), // red
          new Hsv(225, 0.70, 0.30), // navy
          new Hsv(30, 0.45, 0.78)); // tan

  /** A random pair whose two colours are far enough apart for the pattern to show. */
  static Palette draw(SplittableRandom rng) {
    while (true) {
      Hsv p = PRIMARIES.get(rng.nextInt(PRIMARIES.size()));
      Hsv s = SECONDARIES.get(rng.nextInt(SECONDARIES.size()));
      double dv = Math.abs(p.value() - s.value());
      double dh = Math.abs(p.hue() - s.hue());
      dh = Math.min(dh, 360 - dh);
      if (dv >= 0.3 || (s.isChromatic() && dh >= 60 && dv >= 0.1)) {
        return new Palette(p, s);
      }
    }
  }
}
