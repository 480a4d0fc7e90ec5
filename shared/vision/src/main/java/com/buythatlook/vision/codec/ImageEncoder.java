package com.buythatlook.vision.codec;

import com.buythatlook.core.image.RgbImage;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Encodes RGB images, e.g. the item crops the detect function stores as JPEG. */
public final class ImageEncoder {

  private ImageEncoder() {}

  /** Baseline JPEG at {@code quality} 1..100. */
  public static byte[] jpeg(RgbImage image, int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
    }
    OpenCv.load(); // the parameter Mat below is native too
    return encode(image, ".jpg", new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality));
  }

  public static byte[] png(RgbImage image) {
    OpenCv.load();
    return encode(image, ".png", new MatOfInt());
  }

  /** Lossless WebP (quality above 100 selects lossless in OpenCV). */
  public static byte[] webpLossless(RgbImage image) {
    OpenCv.load();
    return encode(image, ".webp", new MatOfInt(Imgcodecs.IMWRITE_WEBP_QUALITY, 101));
  }

  private static byte[] encode(RgbImage image, String extension, MatOfInt params) {
    Mat rgb = OpenCv.toRgbMat(image);
    Mat bgr = new Mat();
    MatOfByte out = new MatOfByte();
    try {
      Imgproc.cvtColor(rgb, bgr, Imgproc.COLOR_RGB2BGR);
      if (!Imgcodecs.imencode(extension, bgr, out, params)) {
        throw new IllegalStateException("OpenCV could not encode a " + extension + " image");
      }
      return out.toArray();
    } finally {
      rgb.release();
      bgr.release();
      out.release();
      params.release();
    }
  }
}
