package com.buythatlook.vision.onnx;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.vision.codec.OpenCv;
import java.util.Arrays;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Turns a photo into the input tensor a manifest describes: resize (letterbox, stretch or shortest
 * side and centre crop, with the manifest's interpolation), channel order, {@code (pixel / scale -
 * mean) / std}, planar NCHW floats. Thread-safe.
 */
public final class Preprocessor {

  private final ModelInput input;

  /** lut[c][v]: the normalised value of byte {@code v} in tensor channel {@code c}. */
  private final float[][] lut = new float[3][256];

  /** Which RGB channel feeds tensor channel c. */
  private final int[] sourceChannel;

  public Preprocessor(ModelInput input) {
    // Resizing needs OpenCV's natives: load them now (≈0.4 s, once per JVM) rather than inside
    // the first batch, where every thread that resizes would wait for them.
    OpenCv.load();
    this.input = input;
    this.sourceChannel =
        input.colorOrder() == ColorOrder.RGB ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
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
    byte[] px = resized(image, t, input.interpolation());
    int w = input.width();
    int h = input.height();
    int plane = w * h;
    int rw = t.resizedWidth();
    int rh = t.resizedHeight();
    int left = t.padLeft(); // negative when the resized photo is cropped (shortest-side-crop)
    // the input columns the photo covers; the rest is padding
    int x0 = Math.max(0, left);
    int x1 = Math.min(w, left + rw);
    float[] t0 = lut[0];
    float[] t1 = lut[1];
    float[] t2 = lut[2];
    int s0 = sourceChannel[0];
    int s1 = sourceChannel[1];
    int s2 = sourceChannel[2];
    int pv = input.padValue();
    // One pass over the interleaved pixels writes all three planes; the padding is filled in
    // runs so that the per-pixel loop has no branch.
    for (int y = 0; y < h; y++) {
      int ry = y - t.padTop();
      int o0 = offset + y * w;
      int o1 = o0 + plane;
      int o2 = o1 + plane;
      if (ry < 0 || ry >= rh) {
        Arrays.fill(dest, o0, o0 + w, t0[pv]);
        Arrays.fill(dest, o1, o1 + w, t1[pv]);
        Arrays.fill(dest, o2, o2 + w, t2[pv]);
        continue;
      }
      Arrays.fill(dest, o0, o0 + x0, t0[pv]);
      Arrays.fill(dest, o1, o1 + x0, t1[pv]);
      Arrays.fill(dest, o2, o2 + x0, t2[pv]);
      int p = (ry * rw + (x0 - left)) * 3;
      for (int x = x0; x < x1; x++, p += 3) {
        dest[o0 + x] = t0[px[p + s0] & 0xFF];
        dest[o1 + x] = t1[px[p + s1] & 0xFF];
        dest[o2 + x] = t2[px[p + s2] & 0xFF];
      }
      Arrays.fill(dest, o0 + x1, o0 + w, t0[pv]);
      Arrays.fill(dest, o1 + x1, o1 + w, t1[pv]);
      Arrays.fill(dest, o2 + x1, o2 + w, t2[pv]);
    }
    return t;
  }

  /** Interleaved RGB bytes of the image at its resized size. */
  private static byte[] resized(RgbImage image, InputTransform t, Interpolation interpolation) {
    if (t.resizedWidth() == image.width() && t.resizedHeight() == image.height()) {
      return image.rgb();
    }
    if (interpolation == Interpolation.BICUBIC) {
      return PilResample.resize(
          image.rgb(),
          image.width(),
          image.height(),
          t.resizedWidth(),
          t.resizedHeight(),
          PilResample.Filter.BICUBIC);
    }
    Mat src = OpenCv.toRgbMat(image);
    Mat dst = new Mat();
    try {
      // Area averaging when shrinking avoids aliasing (it is what antialiased resizes in
      // training pipelines approximate); bilinear when enlarging, or when asked for.
      boolean shrinking =
          (long) t.resizedWidth() * t.resizedHeight() < (long) image.width() * image.height();
      int flag =
          interpolation == Interpolation.AREA && shrinking
              ? Imgproc.INTER_AREA
              : Imgproc.INTER_LINEAR;
      Imgproc.resize(src, dst, new Size(t.resizedWidth(), t.resizedHeight()), 0, 0, flag);
      return OpenCv.fromRgbMat(dst).rgb();
    } finally {
      src.release();
      dst.release();
    }
  }
}
