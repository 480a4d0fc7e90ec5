package com.buythatlook.vision.codec;

/**
 * What an uploaded photo may cost us before we decode it.
 *
 * @param maxBytes the largest encoded file accepted
 * @param maxPixels the largest width × height accepted; decoding needs 3 bytes a pixel, plus
 *     OpenCV's working copies
 */
public record ImageLimits(long maxBytes, long maxPixels) {

  /** 25 MiB and 40 megapixels: above any phone camera, far below a Lambda's memory. */
  public static final ImageLimits DEFAULT = new ImageLimits(25L * 1024 * 1024, 40_000_000L);

  public ImageLimits {
    if (maxBytes <= 0 || maxPixels <= 0) {
      throw new IllegalArgumentException(
          "image limits must be positive, got " + maxBytes + " bytes and " + maxPixels + " pixels");
    }
  }
}
