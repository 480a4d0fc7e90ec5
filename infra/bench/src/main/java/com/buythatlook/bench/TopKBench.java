package com.buythatlook.bench;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.index.Filter;
import com.buythatlook.core.index.Int8Rows;
import com.buythatlook.core.index.Match;
import com.buythatlook.core.index.Shard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;

/**
 * The Java half of infra/bench/topk.sh: builds the benchmark data (random unit vectors, fixed
 * seed), writes it as .npy so the Python references scan the very same bytes, and times the
 * service's own search ({@link Shard#search}) on one thread: a shard without an int8 copy for the
 * float32 scans, the same rows with one for the int8 scans. Prints {@code name=millis} lines
 * (medians) for the script to compare.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp btl-bench.jar
 * com.buythatlook.bench.TopKBench DIR [rows] [dim] [repeats] [--reuse-npy]}
 */
public final class TopKBench {
  private static volatile int sink;
  private static volatile float fsink;

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/topk-bench");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int dim = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 21;
    boolean write = args.length <= 4 || !args[4].equals("--reuse-npy");
    run(dir, n, dim, repeats, write, System.out);
  }

  /**
   * Builds the data (and, when {@code write}, its .npy copy in {@code dir}), times every scan and
   * prints {@code name=value} lines. The data depend only on the seed, so a later round may reuse
   * the .npy files an earlier one wrote.
   */
  static void run(Path dir, int n, int dim, int repeats, boolean write, PrintStream out)
      throws IOException {
    Files.createDirectories(dir);

    SplittableRandom rnd = new SplittableRandom(20261126);
    float[] rows = unitRows(rnd, n, dim);
    float[][] queries = new float[32][];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = unitRows(rnd, 1, dim);
    }
    if (write) {
      writeNpy(dir.resolve("rows.npy"), rows, n, dim);
    }
    float[] qflat = new float[32 * dim];
    for (int i = 0; i < 32; i++) {
      System.arraycopy(queries[i], 0, qflat, i * dim, dim);
    }
    if (write) {
      writeNpy(dir.resolve("queries.npy"), qflat, 32, dim);
    }
    Shard fp32 = shard(rows, n, dim, false);
    Shard int8 = shard(rows, n, dim, true);
    int slice = n / 10;
    float[] sliceRows = Arrays.copyOf(rows, slice * dim);
    Shard slice32 = shard(sliceRows, slice, dim, false);
    Shard slice8 = shard(sliceRows, slice, dim, true);
    Filter all = Filter.none();

    out.println("kernels=vector-api(" + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit)");
    out.printf(
        Locale.ROOT,
        "data=%d x %d float32 (%.0f MB), slice=%d rows%n",
        n,
        dim,
        n * (double) dim * 4 / 1e6,
        slice);

    // recall of the int8 pass against exact search, k = 6 and 100, over all 32 queries
    int misses6 = 0;
    int misses100 = 0;
    for (float[] q : queries) {
      misses6 += misses(fp32.search(q, 6, all), int8.search(q, 6, all));
      misses100 += misses(fp32.search(q, 100, all), int8.search(q, 100, all));
    }
    out.printf(Locale.ROOT, "recall_int8_at6=%.4f%n", 1 - misses6 / (32.0 * 6));
    out.printf(Locale.ROOT, "recall_int8_at100=%.4f%n", 1 - misses100 / (32.0 * 100));

    report(
        out,
        "java_stream_read_ms",
        median(repeats, i -> fsink += StreamRead.sum(rows, rows.length)));
    report(
        out,
        "java_fp32_1q_ms",
        median(repeats, i -> sink += fp32.search(queries[i % 32], 6, all).size()));
    report(
        out,
        "java_int8_1q_ms",
        median(repeats, i -> sink += int8.search(queries[i % 32], 6, all).size()));
    report(
        out,
        "java_fp32_32q_ms",
        median(Math.max(5, repeats / 3), i -> sink += fp32.search(queries, 6, all).size()));
    report(
        out,
        "java_fp32_1q_slice_ms",
        median(repeats * 3, i -> sink += slice32.search(queries[i % 32], 6, all).size()));
    report(
        out,
        "java_int8_1q_slice_ms",
        median(repeats * 3, i -> sink += slice8.search(queries[i % 32], 6, all).size()));
    report(
        out,
        "java_fp32_32q_slice_ms",
        median(repeats, i -> sink += slice32.search(queries, 6, all).size()));
  }

  /** A shard over {@code rows} (not copied), with an int8 copy or without. */
  private static Shard shard(float[] rows, int n, int dim, boolean withInt8) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = Integer.toString(i);
    }
    return new Shard(
        Category.TOPS,
        dim,
        rows,
        withInt8 ? Int8Rows.quantize(rows, n, dim) : null,
        ids,
        new float[n],
        new int[n],
        new String[] {"any"});
  }

  private interface Run {
    void run(int i);
  }

  private static double median(int repeats, Run r) {
    for (int i = 0; i < 5; i++) {
      r.run(i); // warm-up: let C2 compile the kernels
    }
    double[] t = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      r.run(i);
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    return t[repeats / 2];
  }

  private static void report(PrintStream out, String name, double ms) {
    out.printf(Locale.ROOT, "%s=%.2f%n", name, ms);
  }

  private static int misses(List<Match> exact, List<Match> approx) {
    int m = 0;
    for (Match e : exact) {
      m += approx.stream().anyMatch(a -> a.productId().equals(e.productId())) ? 0 : 1;
    }
    return m;
  }

  private static float[] unitRows(SplittableRandom rnd, int n, int dim) {
    float[] out = new float[n * dim];
    for (int r = 0; r < n; r++) {
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        // sum of uniforms ≈ Gaussian, so rows are uniform on the sphere closely enough
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

  /** NumPy .npy v1.0, little-endian float32, C order. */
  static void writeNpy(Path file, float[] data, int rows, int cols) throws IOException {
    String header =
        "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
    int total = 10 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer h = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
      h.put((byte) 0x93)
          .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
          .put((byte) 1)
          .put((byte) 0);
      h.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).flip();
      ch.write(h);
      ByteBuffer body = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < data.length; ) {
        body.clear();
        while (body.remaining() >= 4 && i < data.length) {
          body.putFloat(data[i++]);
        }
        body.flip();
        ch.write(body);
      }
    }
  }

  private TopKBench() {}
}
