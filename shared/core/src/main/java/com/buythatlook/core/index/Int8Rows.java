package com.buythatlook.core.index;

/**
 * An int8 copy of a shard's float rows with one scale for the whole shard ({@code x ≈ q / scale}).
 * A per-shard scale keeps the scan a pure integer dot product; the exact re-rank repairs the
 * rounding.
 */
public record Int8Rows(byte[] data, int count, int dim, float scale) {

  public static Int8Rows quantize(float[] rows, int count, int dim) {
    float maxAbs = 0;
    for (int i = 0; i < count * dim; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(rows[i]));
    }
    float scale = maxAbs == 0 ? 1f : 127f / maxAbs;
    byte[] q = new byte[count * dim];
    for (int i = 0; i < q.length; i++) {
      q[i] = (byte) Math.round(rows[i] * scale);
    }
    return new Int8Rows(q, count, dim, scale);
  }
}
