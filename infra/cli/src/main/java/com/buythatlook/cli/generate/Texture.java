package com.buythatlook.cli.generate;

/**
 * A product's surface: a pattern laid in two colours. The texture is what identifies a product, so
 * the same instance is used for every shop photo and street appearance of it.
 */
record Texture(Pattern pattern, int primary, int secondary) {

  /**
   * Writes the texture's colour into the low 24 bits of every pixel of a {@code width × height}
   * raster (the alpha byte is left to the caller).
   *
   * @param anchorU garment-relative anchor of logos and colour blocks, in units of the longest side
   */
  void fill(
      int[] argb,
      int width,
      int height,
      int offsetX,
      int offsetY,
      double unit,
      double anchorU,
      double anchorV) {
    double px = 1.0 / unit;
    int[] lut = new int[257];
    for (int i = 0; i <= 256; i++) {
      lut[i] = Rgb.mix(primary, secondary, i / 256.0);
    }
    for (int y = 0; y < height; y++) {
      double v = (y - offsetY + 0.5) * px;
      int row = y * width;
      for (int x = 0; x < width; x++) {
        double u = (x - offsetX + 0.5) * px;
        double ink = pattern.ink(u, v, px, anchorU, anchorV);
        argb[row + x] = (argb[row + x] & 0xFF000000) | lut[(int) Math.round(ink * 256)];
      }
    }
  }
}
