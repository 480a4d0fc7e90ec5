package com.buythatlook.vision.onnx;

import java.util.Arrays;

/**
 * A model output copied out of the engine as floats, row-major. Decoders work on these rather than
 * on DJL arrays so that they are plain Java, tested without a model, and free of native memory once
 * the inference call returns. Integer outputs (R-CNN labels) are converted; class indices are far
 * below float's 2^24 exact-integer limit.
 */
public record Tensor(long[] shape, float[] data) {

  public Tensor {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  public int rank() {
    return shape.length;
  }

  /** Dimension {@code axis}, counted from the end when negative. */
  public int dim(int axis) {
    return (int) shape[axis < 0 ? shape.length + axis : axis];
  }

  public String shapeString() {
    return Arrays.toString(shape);
  }
}
