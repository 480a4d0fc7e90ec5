package com.buythatlook.vision.detect;

import com.buythatlook.vision.onnx.Tensor;

/**
 * A low-resolution map of mask probabilities that covers the whole network input, row-major:
 * YOLO-seg's sigmoid(coefficients · prototypes) at a quarter of the input size, or one R-CNN mask
 * at full input size.
 */
record ProbabilityGrid(int width, int height, float[] values) {

  /** {@code sigmoid(Σ_k coef[k] · protos[0, k])} over the prototype grid. */
  static ProbabilityGrid fromPrototypes(Tensor protos, float[] coef) {
    if (protos.rank() != 4 || protos.dim(0) != 1 || protos.dim(1) != coef.length) {
      throw new IllegalStateException(
          "mask prototypes are "
              + protos.shapeString()
              + "; expected [1, "
              + coef.length
              + ", H/4, W/4]");
    }
    int h = protos.dim(2);
    int w = protos.dim(3);
    int plane = w * h;
    float[] p = protos.data();
    float[] logits = new float[plane];
    for (int k = 0; k < coef.length; k++) {
      float c = coef[k];
      if (c == 0) {
        continue;
      }
      int base = k * plane;
      for (int i = 0; i < plane; i++) {
        logits[i] += c * p[base + i];
      }
    }
    for (int i = 0; i < plane; i++) {
      logits[i] = (float) (1 / (1 + Math.exp(-logits[i])));
    }
    return new ProbabilityGrid(w, h, logits);
  }

  /** Mask {@code index} of an R-CNN {@code [K, 1, H, W]} output, already probabilities. */
  static ProbabilityGrid fromMasks(Tensor masks, int index) {
    if (masks.rank() != 4 || masks.dim(1) != 1 || index >= masks.dim(0)) {
      throw new IllegalStateException(
          "R-CNN masks are " + masks.shapeString() + "; expected [K, 1, H, W]");
    }
    int h = masks.dim(2);
    int w = masks.dim(3);
    float[] v = new float[w * h];
    System.arraycopy(masks.data(), index * w * h, v, 0, w * h);
    return new ProbabilityGrid(w, h, v);
  }

  /**
   * Bilinear sample at grid coordinates (pixel centres at integers), clamped at the borders as
   * PyTorch's {@code interpolate(align_corners=False)} does.
   */
  float sample(float u, float v) {
    float fu = Math.max(0, Math.min(width - 1, u));
    float fv = Math.max(0, Math.min(height - 1, v));
    int u0 = (int) fu;
    int v0 = (int) fv;
    int u1 = Math.min(u0 + 1, width - 1);
    int v1 = Math.min(v0 + 1, height - 1);
    float du = fu - u0;
    float dv = fv - v0;
    float top = values[v0 * width + u0] * (1 - du) + values[v0 * width + u1] * du;
    float bottom = values[v1 * width + u0] * (1 - du) + values[v1 * width + u1] * du;
    return top * (1 - dv) + bottom * dv;
  }
}
