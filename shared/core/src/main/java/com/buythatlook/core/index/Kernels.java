package com.buythatlook.core.index;

/**
 * The dot-product kernels of the index scan. One implementation is chosen once, at class
 * initialisation: the Vector API one when {@code jdk.incubator.vector} is in the module graph
 * (run with {@code --add-modules jdk.incubator.vector}), the scalar one otherwise. Callers hold
 * the chosen instance in a field and call it per row; the choice is never made inside a loop.
 */
abstract class Kernels {

  private static final Kernels BEST = choose();

  /** {@code sum(a[aOff + i] * b[bOff + i])} for {@code i < dim}. */
  abstract float dot(float[] a, int aOff, float[] b, int bOff, int dim);

  /** Integer dot product of int8 vectors. */
  abstract int dotInt8(byte[] a, int aOff, byte[] b, int bOff, int dim);

  abstract String name();

  static Kernels best() {
    return BEST;
  }

  static Kernels scalar() {
    return new ScalarKernels();
  }

  /** The kernels in use, e.g. {@code vector-api(256-bit)} or {@code scalar}, for logs. */
  public static String describe() {
    return BEST.name();
  }

  private static Kernels choose() {
    if (Boolean.getBoolean("btl.scalar")) {
      return new ScalarKernels();
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return new ScalarKernels();
    }
    try {
      return (Kernels)
          Class.forName("com.buythatlook.core.index.VectorKernels")
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return new ScalarKernels();
    }
  }
}
