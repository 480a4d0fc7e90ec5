package com.buythatlook.core.index;

/**
 * Plain-Java twins of {@link VectorKernels}: the fallback when {@code jdk.incubator.vector} is not
 * in the module graph, and the reference the SIMD kernels are tested against.
 */
final class ScalarKernels extends Kernels {

  @Override
  float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= dim; i += 4) {
      s0 += a[aOff + i] * b[bOff + i];
      s1 += a[aOff + i + 1] * b[bOff + i + 1];
      s2 += a[aOff + i + 2] * b[bOff + i + 2];
      s3 += a[aOff + i + 3] * b[bOff + i + 3];
    }
    for (; i < dim; i++) {
      s0 += a[aOff + i] * b[bOff + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  void dotsInt8(byte[] rows, int first, int n, int dim, Int8Query q, int[] out) {
    byte[] qb = q.bytes();
    for (int j = 0, off = first * dim; j < n; j++, off += dim) {
      int s = 0;
      for (int i = 0; i < dim; i++) {
        s += rows[off + i] * qb[i];
      }
      out[j] = s;
    }
  }

  @Override
  String name() {
    return "scalar";
  }
}
