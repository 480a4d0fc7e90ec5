package com.buythatlook.core.index;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the kernels alone, on 1,024 rows that stay in cache, so the figures are compute, not memory:
 * the Vector API kernels the service picks ({@link Kernels#best()}) beside the scalar fallback, for
 * float32 and int8 rows of a few dimensions. Run: {@code infra/bench/jmh.sh KernelBenchmark} (see
 * infra/bench/README.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class KernelBenchmark {
  private static final int ROWS = 1024;

  @Param({"64", "256", "768"})
  int dim;

  private final Kernels simd = Kernels.best();
  private final Kernels scalar = Kernels.scalar();
  private float[] rows;
  private byte[] rows8;
  private float[] query;
  private Int8Query query8;
  private final float[] out = new float[ROWS];
  private final int[] out8 = new int[ROWS];

  @Setup
  public void setUp() {
    if (!simd.name().startsWith("vector-api")) {
      throw new IllegalStateException("the Vector API kernels are not in use: " + simd.name());
    }
    SplittableRandom rnd = new SplittableRandom(dim);
    rows = unitRows(rnd, ROWS, dim);
    rows8 = Int8Rows.quantize(rows, ROWS, dim).data();
    query = unitRows(rnd, 1, dim);
    query8 = Int8Query.of(query);
  }

  @Benchmark
  public float[] fp32Simd() {
    simd.dots(rows, 0, ROWS, dim, query, out);
    return out;
  }

  @Benchmark
  public float[] fp32Scalar() {
    scalar.dots(rows, 0, ROWS, dim, query, out);
    return out;
  }

  @Benchmark
  public int[] int8Simd() {
    simd.dotsInt8(rows8, 0, ROWS, dim, query8, out8);
    return out8;
  }

  @Benchmark
  public int[] int8Scalar() {
    scalar.dotsInt8(rows8, 0, ROWS, dim, query8, out8);
    return out8;
  }

  /** {@code n} random unit rows of {@code dim} components, row after row. */
  static float[] unitRows(SplittableRandom rnd, int n, int dim) {
    float[] out = new float[n * dim];
    for (int r = 0; r < n; r++) {
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        double g = rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 1.5;
        out[r * dim + j] = (float) g;
        norm += g * g;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < dim; j++) {
        out[r * dim + j] *= inv;
      }
    }
    return out;
  }
}
