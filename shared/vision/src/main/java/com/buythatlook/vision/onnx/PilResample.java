package com.buythatlook.vision.onnx;

/**
 * Pillow's {@code Image.resize} for 8-bit RGB, bit for bit: the separable convolution of Pillow's
 * {@code Resample.c} (a filter widened by the scale when shrinking, so it antialiases; coefficients
 * in 22-bit fixed point; a horizontal pass into 8-bit rows, then a vertical one). CLIP, open_clip
 * and transformers' image processors resize with it ({@code BICUBIC}), so a model trained behind
 * them sees the same pixels here. OpenCV's cubic and linear do not antialias and differ by many
 * levels when shrinking.
 */
final class PilResample {
  private static final int PRECISION_BITS = 32 - 8 - 2;

  /** Pillow's filters: the kernel and its support in source pixels at scale 1. */
  enum Filter {
    BILINEAR(1.0) {
      @Override
      double weight(double x) {
        x = Math.abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
      }
    },
    BICUBIC(2.0) {
      @Override
      double weight(double x) {
        final double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
          return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
          return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
      }
    };

    final double support;

    Filter(double support) {
      this.support = support;
    }

    abstract double weight(double x);
  }

  private PilResample() {}

  /** Interleaved RGB {@code width × height} resized to {@code outWidth × outHeight}. */
  static byte[] resize(
      byte[] rgb, int width, int height, int outWidth, int outHeight, Filter filter) {
    boolean horizontal = outWidth != width;
    boolean vertical = outHeight != height;
    if (!horizontal && !vertical) {
      return rgb.clone();
    }
    Coefficients kx = coefficients(width, outWidth, filter);
    Coefficients ky = coefficients(height, outHeight, filter);
    byte[] src = rgb;
    int rows = height;
    int firstRow = 0;
    if (horizontal) {
      // only the source rows the vertical pass reads
      if (vertical) {
        firstRow = ky.bounds[0];
        int last = ky.bounds[(outHeight - 1) * 2] + ky.bounds[(outHeight - 1) * 2 + 1];
        rows = last - firstRow;
      }
      byte[] tmp = new byte[rows * outWidth * 3];
      for (int y = 0; y < rows; y++) {
        int in = (y + firstRow) * width * 3;
        int out = y * outWidth * 3;
        for (int x = 0; x < outWidth; x++) {
          int min = kx.bounds[x * 2];
          int n = kx.bounds[x * 2 + 1];
          int k = x * kx.size;
          int s0 = 1 << (PRECISION_BITS - 1);
          int s1 = s0;
          int s2 = s0;
          for (int i = 0; i < n; i++) {
            int p = in + (min + i) * 3;
            int w = kx.weights[k + i];
            s0 += (src[p] & 0xFF) * w;
            s1 += (src[p + 1] & 0xFF) * w;
            s2 += (src[p + 2] & 0xFF) * w;
          }
          tmp[out + x * 3] = clip8(s0);
          tmp[out + x * 3 + 1] = clip8(s1);
          tmp[out + x * 3 + 2] = clip8(s2);
        }
      }
      src = tmp;
    }
    if (!vertical) {
      return src;
    }
    int stride = (horizontal ? outWidth : width) * 3;
    byte[] out = new byte[outHeight * stride];
    for (int y = 0; y < outHeight; y++) {
      int min = ky.bounds[y * 2] - firstRow;
      int n = ky.bounds[y * 2 + 1];
      int k = y * ky.size;
      for (int x = 0; x < stride; x++) {
        int s = 1 << (PRECISION_BITS - 1);
        for (int i = 0; i < n; i++) {
          s += (src[(min + i) * stride + x] & 0xFF) * ky.weights[k + i];
        }
        out[y * stride + x] = clip8(s);
      }
    }
    return out;
  }

  private record Coefficients(int size, int[] bounds, int[] weights) {}

  /** Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}. */
  private static Coefficients coefficients(int inSize, int outSize, Filter filter) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(1.0, scale);
    double support = filter.support * filterScale;
    int size = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] weights = new int[outSize * size];
    double[] k = new double[size];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ss = 1.0 / filterScale;
      int min = Math.max(0, (int) (center - support + 0.5));
      int max = Math.min(inSize, (int) (center + support + 0.5)) - min;
      double sum = 0;
      for (int x = 0; x < max; x++) {
        k[x] = filter.weight((x + min - center + 0.5) * ss);
        sum += k[x];
      }
      for (int x = 0; x < max; x++) {
        double w = sum != 0.0 ? k[x] / sum : k[x];
        weights[xx * size + x] =
            w < 0
                ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                : (int) (0.5 + w * (1 << PRECISION_BITS));
      }
      bounds[xx * 2] = min;
      bounds[xx * 2 + 1] = max;
    }
    return new Coefficients(size, bounds, weights);
  }

  private static byte clip8(int v) {
    if (v >= (1 << PRECISION_BITS << 8)) {
      return (byte) 255;
    }
    if (v <= 0) {
      return 0;
    }
    return (byte) (v >> PRECISION_BITS);
  }
}
