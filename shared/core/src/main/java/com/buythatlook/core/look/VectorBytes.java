package com.buythatlook.core.look;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stored form of an item's vector in both look stores: float32, little-endian, the layout of
 * the index shards. Raw bits are kept, so a vector reads back bit for bit as it was written.
 */
final class VectorBytes {
  private VectorBytes() {}

  static byte[] encode(float[] vector) {
    ByteBuffer b = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(vector);
    return b.array();
  }

  /**
   * @throws IllegalArgumentException when the length is not a whole number of floats
   */
  static float[] decode(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "a vector is float32 values, but has " + bytes.length + " bytes (not a multiple of 4)");
    }
    float[] v = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
