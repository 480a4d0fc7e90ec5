package com.buythatlook.vision.model;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.vision.image.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Turns a photo into the input tensor a manifest describes: resize (letterbox or stretch),
 * channel order, {@code (pixel / scale - mean) / std}, planar NCHW floats. Thread-safe.
 */
public final class Preprocessor {

  private final ModelInput input;
  /** lut[c][v]: the normalised value of byte {@code v} in tensor channel {@code c}. */
  private final float[][] lut = new float[3][256];
  /** Which RGB channel feeds tensor channel c. */
  private final int[] sourceChannel;

  public Preprocessor(ModelInput input) {
    this.input = input;
    this.sourceChannel = input.colorOrder() == ColorOrder.RGB ? new int[] {0, 1, 2}
        : new int[] {2, 1, 0};
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = (float) ((v / input.scale() - input.mean().get(c)) / input.std().get(c));
      }
    }
  }

  /** Floats one image takes: {@code 3 × H × W}. */
  public int imageSize() {
    return 3 * input.width() * input.height();
  }

  /**
   * Writes {@code image} into {@code dest} from {@code offset} and says where it landed.
   *
   * @return the geometry that maps model outputs back to photo pixels
   */
  public InputTransform write(RgbImage image, float[] dest, int offset) {
    InputTransform t = InputTransform.of(image.width(), image.height(), input);
    byte[] px = resized(image, t);
    int w = input.width();
    int h = input.height();
    int plane = w * h;
    int rw = t.resizedWidth();
    int rh = t.resizedHeight();
    for (int c = 0; c < 3; c++) {
      float[] table = lut[c];
      float pad = table[input.padValue()];
      int src = sourceChannel[c];
      int base = offset + c * plane;
      for (int y = 0; y < h; y++) {
        int ry = y - t.padTop();
        int row = base + y * w;
        if (ry < 0 || ry >= rh) {
          java.util.Arrays.fill(dest, row, row + w, pad);
          continue;
        }
        for (int x = 0; x < w; x++) {
          int rx = x - t.padLeft();
          dest[row + x] = rx < 0 || rx >= rw ? pad : table[px[(ry * rw + rx) * 3 + src] & 0xFF];
        }
      }
    }
    return t;
  }

  /** Interleaved RGB bytes of the image at its resized size. */
  private static byte[] resized(RgbImage image, InputTransform t) {
    if (t.resizedWidth() == image.width() && t.resizedHeight() == image.height()) {
      return image.rgb();
    }
    Mat src = OpenCv.toRgbMat(image);
    Mat dst = new Mat();
    try {
      // Area averaging when shrinking avoids aliasing (it is what antialiased resizes in
      // training pipelines approximate); bilinear when enlarging.
      boolean shrinking = (long) t.resizedWidth() * t.resizedHeight()
          < (long) image.width() * image.height();
      Imgproc.resize(src, dst, new Size(t.resizedWidth(), t.resizedHeight()), 0, 0,
          shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
      return OpenCv.fromRgbMat(dst).rgb();
    } finally {
      src.release();
      dst.release();
    }
  }
}
