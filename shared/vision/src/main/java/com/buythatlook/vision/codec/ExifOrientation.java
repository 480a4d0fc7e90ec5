package com.buythatlook.vision.codec;

import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Applies an EXIF orientation (1..8) to decoded pixels so the image reads as the camera meant. Done
 * here rather than by {@code IMREAD_COLOR} because transparent files must be decoded with {@code
 * IMREAD_UNCHANGED}, which ignores orientation: one code path for both keeps opaque and transparent
 * PNGs consistent. {@code ImageDecoderTest} checks all eight against OpenCV's own.
 */
final class ExifOrientation {

  private ExifOrientation() {}

  /** The oriented image: {@code src} itself for orientation 1, else a new Mat. */
  static Mat apply(Mat src, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return src;
    }
    Mat dst = new Mat();
    switch (orientation) {
      case 2 -> Core.flip(src, dst, 1); // mirrored left-right
      case 3 -> Core.rotate(src, dst, Core.ROTATE_180);
      case 4 -> Core.flip(src, dst, 0); // mirrored top-bottom
      case 5 -> Core.transpose(src, dst);
      case 6 -> Core.rotate(src, dst, Core.ROTATE_90_CLOCKWISE);
      case 7 -> { // transverse: transpose, then mirror both ways
        Mat t = new Mat();
        Core.transpose(src, t);
        Core.flip(t, dst, -1);
        t.release();
      }
      case 8 -> Core.rotate(src, dst, Core.ROTATE_90_COUNTERCLOCKWISE);
      default -> throw new IllegalStateException("orientation " + orientation);
    }
    return dst;
  }
}
