package com.buythatlook.vision.onnx;

import ai.djl.ndarray.NDArray;

/** Copies engine arrays of any numeric type into {@link Tensor}s. */
final class Tensors {

  private Tensors() {}

  static Tensor copy(NDArray a) {
    long[] shape = a.getShape().getShape();
    float[] data =
        switch (a.getDataType()) {
          case FLOAT32 -> a.toFloatArray();
          case FLOAT64 -> {
            double[] d = a.toDoubleArray();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
              f[i] = (float) d[i];
            }
            yield f;
          }
          case INT64 -> {
            long[] l = a.toLongArray();
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) {
              f[i] = l[i];
            }
            yield f;
          }
          case INT32 -> {
            int[] v = a.toIntArray();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
              f[i] = v[i];
            }
            yield f;
          }
          case UINT8 -> {
            int[] v = a.toUint8Array();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
              f[i] = v[i];
            }
            yield f;
          }
          case BOOLEAN -> {
            boolean[] v = a.toBooleanArray();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
              f[i] = v[i] ? 1f : 0f;
            }
            yield f;
          }
          default ->
              throw new IllegalStateException(
                  "output '"
                      + a.getName()
                      + "' has type "
                      + a.getDataType()
                      + ", which the runners do not read");
        };
    return new Tensor(shape, data);
  }
}
