package com.buythatlook.core.index;

import java.lang.reflect.InvocationTargetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dot-product kernels of the index scan. One implementation is chosen once, at class
 * initialisation, as Lucene and JVector choose theirs: the Vector API one when {@code
 * jdk.incubator.vector} is in the module graph (run with {@code --add-modules
 * jdk.incubator.vector}) and the platform's preferred vector size is at least 128 bits, the scalar
 * one otherwise, with one warning that says why and how to get the fast ones. Callers hold the
 * chosen instance in a field; the choice is never made inside a loop.
 *
 * <p>The scans call the block methods ({@link #dots}, {@link #dotsInt8}): one call scores a few
 * hundred consecutive rows into a buffer, so the SIMD loop is compiled as one tight loop that can
 * work on several rows at once, and the branchy top-k bookkeeping runs apart from it.
 */
abstract class Kernels {

  private static final Kernels BEST = choose();

  /** {@code sum(a[aOff + i] * b[bOff + i])} for {@code i < dim}. */
  abstract float dot(float[] a, int aOff, float[] b, int bOff, int dim);

  /**
   * {@code out[j] = dot(row first + j, q)} for {@code j < n}, rows stored contiguously ({@code
   * rows[r * dim + i]}). One row at a time: a large scan is bound by memory reads, and passes over
   * four rows sharing the query loads measured no faster on the 1 GB benchmark scan, which the SIMD
   * {@link #dot} runs within 15 % of a plain SIMD sum of the same array (infra/bench/topk.sh prints
   * both).
   */
  final void dots(float[] rows, int first, int n, int dim, float[] q, float[] out) {
    for (int j = 0, off = first * dim; j < n; j++, off += dim) {
      out[j] = dot(rows, off, q, 0, dim);
    }
  }

  /**
   * Integer dot products of int8 rows {@code first .. first + n - 1} with the query, into {@code
   * out[0 .. n)}. Row components may be any byte; the query's lie in [-127, 127].
   */
  abstract void dotsInt8(byte[] rows, int first, int n, int dim, Int8Query q, int[] out);

  abstract String name();

  static Kernels best() {
    return BEST;
  }

  static Kernels scalar() {
    return new ScalarKernels();
  }

  private static Kernels choose() {
    Logger log = LoggerFactory.getLogger(Kernels.class);
    if (Boolean.getBoolean("btl.scalar")) {
      log.info("index scan: scalar kernels, as -Dbtl.scalar=true asks");
      return new ScalarKernels();
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      log.warn(
          "index scan: scalar kernels, several times slower than SIMD ones, because the"
              + " Vector API is not enabled; start java with --add-modules jdk.incubator.vector");
      return new ScalarKernels();
    }
    try {
      Kernels k =
          (Kernels)
              Class.forName("com.buythatlook.core.index.VectorKernels")
                  .getDeclaredConstructor()
                  .newInstance();
      log.info("index scan: {} kernels", k.name());
      return k;
    } catch (InvocationTargetException e) {
      // the constructor refuses a preferred vector size under 128 bits (emulated, slow vectors)
      log.warn("index scan: scalar kernels: {}", e.getCause().getMessage());
      return new ScalarKernels();
    } catch (ReflectiveOperationException | LinkageError e) {
      log.warn(
          "index scan: scalar kernels, the Vector API kernels failed to load ({}); they"
              + " need --add-modules jdk.incubator.vector",
          e.toString());
      return new ScalarKernels();
    }
  }
}
