package com.buythatlook.vision.codec;

import com.buythatlook.core.image.ImageFormat;

/**
 * What a photo's header says, read without decoding pixels.
 *
 * @param width stored width in pixels (before EXIF orientation)
 * @param height stored height in pixels
 * @param hasAlpha whether the file may carry transparency (PNG alpha or tRNS, WebP alpha)
 * @param orientation EXIF orientation 1..8 from a JPEG's APP1 or a PNG's eXIf chunk; 1 when absent,
 *     and always 1 for WebP (whose EXIF OpenCV and we ignore)
 * @param complete whether the file's structure ends properly (JPEG EOI, PNG IEND, full RIFF)
 */
public record ImageHeader(
    ImageFormat format,
    long width,
    long height,
    boolean hasAlpha,
    int orientation,
    boolean complete) {

  public long pixels() {
    return width * height;
  }

  /** Orientations 5..8 swap width and height when applied. */
  public boolean transposed() {
    return orientation >= 5 && orientation <= 8;
  }

  /** Width as shown, after EXIF orientation. */
  public long displayWidth() {
    return transposed() ? height : width;
  }

  /** Height as shown, after EXIF orientation. */
  public long displayHeight() {
    return transposed() ? width : height;
  }
}
