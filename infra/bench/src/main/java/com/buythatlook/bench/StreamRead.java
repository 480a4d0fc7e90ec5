package com.buythatlook.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The floor under any scan that reads every float once: a plain SIMD sum of the array, with no
 * query, no reductions per row and no top-k, in vectors of the size the kernels use (the platform's
 * preferred). topk.sh and the JMH {@code ScanBenchmark} print it beside the scans so that the
 * float32 figures can be read against what this machine's memory allows one thread.
 */
public final class StreamRead {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  public static float sum(float[] a, int length) {
    FloatVector s0 = FloatVector.zero(F);
    FloatVector s1 = FloatVector.zero(F);
    FloatVector s2 = FloatVector.zero(F);
    FloatVector s3 = FloatVector.zero(F);
    int l = F.length();
    int i = 0;
    for (; i + 4 * l <= length; i += 4 * l) {
      s0 = s0.add(FloatVector.fromArray(F, a, i));
      s1 = s1.add(FloatVector.fromArray(F, a, i + l));
      s2 = s2.add(FloatVector.fromArray(F, a, i + 2 * l));
      s3 = s3.add(FloatVector.fromArray(F, a, i + 3 * l));
    }
    float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < length; i++) {
      s += a[i];
    }
    return s;
  }

  private StreamRead() {}
}
