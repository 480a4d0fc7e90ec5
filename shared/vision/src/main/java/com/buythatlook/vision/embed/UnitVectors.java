package com.buythatlook.vision.embed;

/** L2 normalisation of embedding rows. */
final class UnitVectors {

  private UnitVectors() {}

  /**
   * Scales {@code v} in place to unit L2 norm and returns it; a zero (or non-finite) vector becomes
   * all zeros, which matches nothing rather than everything.
   */
  static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (!(sum > 0) || Double.isInfinite(sum)) {
      java.util.Arrays.fill(v, 0f);
      return v;
    }
    float inv = (float) (1 / Math.sqrt(sum));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
