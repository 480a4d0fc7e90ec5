package com.buythatlook.vision.onnx;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.vision.codec.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** The resize a test expects {@link Preprocessor} to have done, for per-pixel references. */
final class OpenCvResize {
  private OpenCvResize() {}

  static byte[] area(RgbImage image, int width, int height) {
    Mat src = OpenCv.toRgbMat(image);
    Mat dst = new Mat();
    try {
      Imgproc.resize(src, dst, new Size(width, height), 0, 0, Imgproc.INTER_AREA);
      return OpenCv.fromRgbMat(dst).rgb();
    } finally {
      src.release();
      dst.release();
    }
  }
}
