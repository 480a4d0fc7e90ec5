package com.buythatlook.cli.generate;

/**
 * A shopper's name for a colour ("navy", "mustard", "light pink"), for titles and products.jsonl.
 */
final class ColourNames {
  private ColourNames() {}

  static String name(Hsv c) {
    double h = c.hue();
    double s = c.saturation();
    double v = c.value();
    if (s < Hsv.CHROMATIC) {
      return v > 0.88
          ? "white"
          : v > 0.7 ? "light grey" : v > 0.4 ? "grey" : v > 0.18 ? "charcoal" : "black";
    }
    String base;
    if (h < 12 || h >= 345) {
      base = v < 0.5 ? "burgundy" : "red";
    } else if (h < 40) {
      base = v < 0.5 ? "brown" : s < 0.6 ? "camel" : "orange";
    } else if (h < 62) {
      base = s < 0.45 ? "khaki" : v < 0.62 ? "olive" : "mustard";
    } else if (h < 95) {
      base = "olive";
    } else if (h < 165) {
      base = v < 0.5 ? "forest green" : "green";
    } else if (h < 195) {
      base = "teal";
    } else if (h < 255) {
      base = v < 0.45 ? "navy" : s < 0.55 && v > 0.8 ? "sky blue" : s < 0.55 ? "denim" : "blue";
    } else if (h < 295) {
      base = "purple";
    } else {
      base = v > 0.8 && s < 0.6 ? "pink" : "magenta";
    }
    return base;
  }
}
