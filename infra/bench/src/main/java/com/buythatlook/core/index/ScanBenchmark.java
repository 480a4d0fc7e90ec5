package com.buythatlook.core.index;

import com.buythatlook.bench.StreamRead;
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
 * JMH: one query's full scan of a shard-sized array, top 6, against the memory floor measured in
 * the same fork ({@link #streamRead}, a plain SIMD sum of the same floats). With the default 1M x
 * 256 rows (1 GB) the data come from memory, as in infra/bench/topk.sh; {@code -p rows=10000} keeps
 * them in cache. In this package so that it reaches the package-private kernels the service uses.
 * Run: {@code infra/bench/jmh.sh ScanBenchmark} (see infra/bench/README.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules=jdk.incubator.vector",
      "-Xms3g",
      "-Xmx3g",
      "-XX:+AlwaysPreTouch",
      "-XX:+UseParallelGC",
      "-XX:+UseTransparentHugePages"
    })
public class ScanBenchmark {
  @Param("1000000")
  int rows;

  @Param("256")
  int dim;

  private final TopK topk = TopK.create();
  private float[] data;
  private Int8Rows data8;
  private float[] query;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(20261207);
    data = KernelBenchmark.unitRows(rnd, rows, dim);
    data8 = Int8Rows.quantize(data, rows, dim);
    query = KernelBenchmark.unitRows(rnd, 1, dim);
  }

  /** The floor: every float read once, summed, nothing else. */
  @Benchmark
  public float streamRead() {
    return StreamRead.sum(data, data.length);
  }

  /** Exact float32 top-6, no filter: what {@link Shard#search} runs for a shard without int8. */
  @Benchmark
  public Hits fp32TopK() {
    return topk.search(data, rows, dim, query, 6, RowFilter.none());
  }

  /** Int8 first pass and exact re-rank, top-6: a shard with an int8 copy. */
  @Benchmark
  public Hits int8TopK() {
    return topk.searchInt8(data8, data, rows, dim, query, 6, RowFilter.none());
  }
}
