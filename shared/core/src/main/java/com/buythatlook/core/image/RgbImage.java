package com.buythatlook.core.image;

import com.buythatlook.core.geometry.Box;

/**
 * An 8-bit RGB image, row-major, interleaved {@code R,G,B} — the neutral pixel type that detectors
 * and embedders take, so that {@code shared/core} needs no imaging library.
 */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
    }
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "expected "
              + width * height * 3
              + " bytes for "
              + width
              + "x"
              + height
              + ", got "
              + rgb.length);
    }
  }

  public int red(int x, int y) {
    return rgb[(y * width + x) * 3] & 0xFF;
  }

  public int green(int x, int y) {
    return rgb[(y * width + x) * 3 + 1] & 0xFF;
  }

  public int blue(int x, int y) {
    return rgb[(y * width + x) * 3 + 2] & 0xFF;
  }

  /**
   * The part of the image under {@code box}, clipped to the image; at least 1×1 so that a
   * degenerate box still yields something an embedder can take.
   */
  public RgbImage crop(Box box) {
    int[] b = box.pixelBounds(width, height);
    int x0 = Math.min(b[0], width - 1);
    int y0 = Math.min(b[1], height - 1);
    int w = Math.max(1, b[2] - x0);
    int h = Math.max(1, b[3] - y0);
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      System.arraycopy(rgb, ((y0 + y) * width + x0) * 3, out, y * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }
}
