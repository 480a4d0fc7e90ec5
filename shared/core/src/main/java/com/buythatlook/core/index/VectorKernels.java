package com.buythatlook.core.index;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD dot products with the Java Vector API. Loaded only when {@code jdk.incubator.vector} is
 * present (see {@link Kernels#best()}). The species are the platform's preferred ones (512 bits
 * with AVX-512, 256 with AVX2, 128 with NEON), {@code static final} so that C2 can intrinsify the
 * loops; a preferred size under 128 bits is refused, since such vectors would be emulated.
 *
 * <p>Four independent accumulators hide the FMA latency. The int8 block kernel scores two rows per
 * pass so that each query load feeds both. Dimensions that are not a multiple of the vector width
 * finish with a scalar tail; an odd last row goes through the one-row loop.
 */
final class VectorKernels extends Kernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int FL = F.length();
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

  /** Bytes per int8 step: one vector load. */
  private static final int BL = B.length();

  /** Sixteen-bit lanes per int8 step. */
  private static final int SL = S.length();

  /** Where the touched bytes go, so that the JIT keeps the loads (see {@link #dotsInt8}). */
  private static int touchSink;

  private static final ShortVector BIAS = ShortVector.broadcast(S, Short.MIN_VALUE);

  /** Refuses vectors under 128 bits (the {@link Kernels} fall back to scalar, with a warning). */
  VectorKernels() {
    if (F.vectorBitSize() < 128) {
      throw new UnsupportedOperationException(
          "the Vector API's preferred size on this machine is "
              + F.vectorBitSize()
              + " bits, under the 128 that SIMD kernels need to be faster than scalar ones");
    }
  }

  @Override
  float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
    FloatVector s0 = FloatVector.zero(F);
    FloatVector s1 = FloatVector.zero(F);
    FloatVector s2 = FloatVector.zero(F);
    FloatVector s3 = FloatVector.zero(F);
    int i = 0;
    for (; i + 4 * FL <= dim; i += 4 * FL) {
      s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
      s1 =
          FloatVector.fromArray(F, a, aOff + i + FL)
              .fma(FloatVector.fromArray(F, b, bOff + i + FL), s1);
      s2 =
          FloatVector.fromArray(F, a, aOff + i + 2 * FL)
              .fma(FloatVector.fromArray(F, b, bOff + i + 2 * FL), s2);
      s3 =
          FloatVector.fromArray(F, a, aOff + i + 3 * FL)
              .fma(FloatVector.fromArray(F, b, bOff + i + 3 * FL), s3);
    }
    for (; i + FL <= dim; i += FL) {
      s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
    }
    float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      sum += a[aOff + i] * b[bOff + i];
    }
    return sum;
  }

  /**
   * Int8 dot products without byte-to-int conversions, which JDK 17 compiles poorly. A vector load
   * of row bytes is read as 16-bit lanes (sixteen in 256 bits); shifts split each lane into its
   * even (low) and odd (high) byte, sign-extended, and {@code even * q_even + odd * q_odd} is one
   * 16-bit lane: |row| ≤ 128 and |q| ≤ 127 bound it by 32,512, so it never overflows. Adding 0x8000
   * makes every lane a non-negative 16-bit number, and the lanes are then summed as 32-bit pairs:
   * {@code all} sums each pair as {@code high << 16 | low}, {@code high} sums the high halves, and
   * {@code all - (high << 16)} recovers the sum of the low halves (exact modulo 2^32, and the true
   * sums are far below 2^31 for the dimensions {@link TopK} allows). Two rows per pass share the
   * query loads.
   */
  @Override
  void dotsInt8(byte[] rows, int first, int n, int dim, Int8Query q, int[] out) {
    short[] qe = q.even();
    short[] qo = q.odd();
    int vdim = dim - dim % BL;
    int j = 0;
    int last = rows.length - 1;
    int touched = 0;
    for (int off = first * dim; j + 2 <= n; j += 2, off += 2 * dim) {
      // One plain load per cache line, one row ahead, starts those misses while this pair is
      // computed. On the 1M-row benchmark scan (from memory) it took 20-22 ms with this, 23-24 ms
      // touching two rows ahead and 35 ms without; from cache it makes no difference. Java has no
      // prefetch instruction; this is the portable one.
      int ahead = off + dim;
      for (int t = 0; t < 2 * dim; t += 64) {
        touched |= rows[Math.min(ahead + t, last)];
      }
      long pair = twoRowsInt8(rows, off, off + dim, qe, qo, vdim);
      out[j] = (int) pair;
      out[j + 1] = (int) (pair >>> 32);
    }
    touchSink = touched;
    if (j < n) {
      out[j] = oneRowInt8(rows, (first + j) * dim, qe, qo, vdim);
    }
    if (vdim < dim) {
      byte[] qb = q.bytes();
      for (int r = 0, off = first * dim; r < n; r++, off += dim) {
        int s = 0;
        for (int i = vdim; i < dim; i++) {
          s += rows[off + i] * qb[i];
        }
        out[r] += s;
      }
    }
  }

  /**
   * The first {@code vdim} components of two rows against the query, packed as {@code high << 32 |
   * low}. Everything vector-typed stays inside this one method: a helper taking or returning a
   * vector is inlined only while its own compiled code is small, and when the JIT had compiled it
   * alone first, the vectors were boxed and the scan ran at half speed.
   */
  private static long twoRowsInt8(byte[] rows, int o0, int o1, short[] qe, short[] qo, int vdim) {
    IntVector all0 = IntVector.zero(I);
    IntVector high0 = IntVector.zero(I);
    IntVector all1 = IntVector.zero(I);
    IntVector high1 = IntVector.zero(I);
    // k indexes the query's short arrays and 2k the row bytes: both affine in the loop variable,
    // so the JIT hoists their bounds checks (with i >> 1 it checked every load, at half speed)
    for (int k = 0, half = vdim >> 1; k < half; k += SL) {
      ShortVector e = ShortVector.fromArray(S, qe, k);
      ShortVector o = ShortVector.fromArray(S, qo, k);
      ShortVector x = ByteVector.fromArray(B, rows, o0 + 2 * k).reinterpretAsShorts();
      ShortVector y = ByteVector.fromArray(B, rows, o1 + 2 * k).reinterpretAsShorts();
      IntVector p0 =
          x.lanewise(VectorOperators.LSHL, 8)
              .lanewise(VectorOperators.ASHR, 8)
              .mul(e)
              .add(x.lanewise(VectorOperators.ASHR, 8).mul(o))
              .add(BIAS)
              .reinterpretAsInts();
      IntVector p1 =
          y.lanewise(VectorOperators.LSHL, 8)
              .lanewise(VectorOperators.ASHR, 8)
              .mul(e)
              .add(y.lanewise(VectorOperators.ASHR, 8).mul(o))
              .add(BIAS)
              .reinterpretAsInts();
      all0 = all0.add(p0);
      high0 = high0.add(p0.lanewise(VectorOperators.LSHR, 16));
      all1 = all1.add(p1);
      high1 = high1.add(p1.lanewise(VectorOperators.LSHR, 16));
    }
    int bias = vdim << 14; // 0x8000 for each of the vdim / 2 sixteen-bit lanes
    int h0 = high0.reduceLanes(VectorOperators.ADD);
    int h1 = high1.reduceLanes(VectorOperators.ADD);
    long s0 = h0 + (all0.reduceLanes(VectorOperators.ADD) - (h0 << 16)) - bias;
    long s1 = h1 + (all1.reduceLanes(VectorOperators.ADD) - (h1 << 16)) - bias;
    return (s1 << 32) | (s0 & 0xFFFF_FFFFL);
  }

  /** {@link #twoRowsInt8} for one row. */
  private static int oneRowInt8(byte[] rows, int o0, short[] qe, short[] qo, int vdim) {
    IntVector all0 = IntVector.zero(I);
    IntVector high0 = IntVector.zero(I);
    for (int k = 0, half = vdim >> 1; k < half; k += SL) {
      ShortVector x = ByteVector.fromArray(B, rows, o0 + 2 * k).reinterpretAsShorts();
      IntVector p0 =
          x.lanewise(VectorOperators.LSHL, 8)
              .lanewise(VectorOperators.ASHR, 8)
              .mul(ShortVector.fromArray(S, qe, k))
              .add(x.lanewise(VectorOperators.ASHR, 8).mul(ShortVector.fromArray(S, qo, k)))
              .add(BIAS)
              .reinterpretAsInts();
      all0 = all0.add(p0);
      high0 = high0.add(p0.lanewise(VectorOperators.LSHR, 16));
    }
    int h0 = high0.reduceLanes(VectorOperators.ADD);
    return h0 + (all0.reduceLanes(VectorOperators.ADD) - (h0 << 16)) - (vdim << 14);
  }

  @Override
  String name() {
    return "vector-api(" + F.vectorBitSize() + "-bit)";
  }
}
