package com.buythatlook.core.index;

/**
 * A query quantized for the int8 first pass, with the layouts the kernels read: the bytes
 * themselves, and the even and odd components as shorts. The SIMD kernel reads a row's bytes as
 * 16-bit lanes and splits each lane into its even (low) and odd (high) byte, so it multiplies them
 * against {@link #even()} and {@link #odd()} without any byte-to-int conversion.
 */
final class Int8Query {
  private final byte[] bytes;
  private final short[] even;
  private final short[] odd;

  private Int8Query(byte[] bytes) {
    this.bytes = bytes;
    int pairs = bytes.length / 2;
    even = new short[pairs];
    odd = new short[pairs];
    for (int i = 0; i < pairs; i++) {
      even[i] = bytes[2 * i];
      odd[i] = bytes[2 * i + 1];
    }
  }

  /**
   * Quantizes with the query's own scale ({@code 127 / max|q_i|}): only the order of first-pass
   * scores matters. Components stay within ±127, which the SIMD kernel relies on (see {@link
   * VectorKernels#dotsInt8}).
   */
  static Int8Query of(float[] query) {
    float maxAbs = 0;
    for (float v : query) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    float scale = maxAbs == 0 ? 1f : 127f / maxAbs;
    byte[] q = new byte[query.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = (byte) Math.max(-127, Math.min(127, Math.round(query[i] * scale)));
    }
    return new Int8Query(q);
  }

  /** For tests: a query given directly as int8 components in [-127, 127]. */
  static Int8Query ofBytes(byte[] q) {
    for (byte b : q) {
      if (b == Byte.MIN_VALUE) {
        throw new IllegalArgumentException("int8 query components must lie in [-127, 127]");
      }
    }
    return new Int8Query(q.clone());
  }

  byte[] bytes() {
    return bytes;
  }

  short[] even() {
    return even;
  }

  short[] odd() {
    return odd;
  }
}
