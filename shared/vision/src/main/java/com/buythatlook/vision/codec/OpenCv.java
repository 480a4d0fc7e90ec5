package com.buythatlook.vision.codec;

import com.buythatlook.core.image.RgbImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Loads OpenCV's native library once per JVM and converts between {@link Mat} and {@link RgbImage}.
 * {@code loadLocally()} extracts the natives to {@code java.io.tmpdir}, which is {@code /tmp} on
 * Lambda, the only writable place there.
 */
public final class OpenCv {

  private OpenCv() {}

  /** Holder idiom: the JVM runs the load exactly once, on first use, thread-safely. */
  private static final class Loaded {
    static {
      nu.pattern.OpenCV.loadLocally();
    }

    static void touch() {}
  }

  /** Makes sure the native library is loaded; cheap after the first call (≈0.4 s). */
  public static void load() {
    Loaded.touch();
  }

  /** An 8-bit, 3-channel Mat in R, G, B order sharing nothing with the image. */
  public static Mat toRgbMat(RgbImage image) {
    load();
    Mat m = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    m.put(0, 0, image.rgb());
    return m;
  }

  /** Copies a continuous 8-bit 3-channel Mat in R, G, B order. */
  public static RgbImage fromRgbMat(Mat rgb) {
    if (rgb.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException("expected an 8-bit 3-channel Mat, got " + rgb);
    }
    Mat source = rgb.isContinuous() ? rgb : rgb.clone();
    try {
      byte[] bytes = new byte[source.cols() * source.rows() * 3];
      source.get(0, 0, bytes);
      return new RgbImage(source.cols(), source.rows(), bytes);
    } finally {
      if (source != rgb) {
        source.release();
      }
    }
  }

  /** Converts a 3-channel B, G, R Mat (OpenCV's own order) to an RgbImage. */
  public static RgbImage fromBgrMat(Mat bgr) {
    Mat rgb = new Mat();
    try {
      Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
      return fromRgbMat(rgb);
    } finally {
      rgb.release();
    }
  }
}
