package com.buythatlook.cli.generate;

/**
 * Smooth lattice noise in [0, 1], a pure function of (x, y, seed): the base of the noise-based
 * prints (camouflage, marble, animal spots), so a print is identical at every resolution at which a
 * product is drawn.
 */
final class ValueNoise {
  private ValueNoise() {}

  static double noise(double x, double y, long seed) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    long ix = (long) fx;
    long iy = (long) fy;
    double tx = smooth(x - fx);
    double ty = smooth(y - fy);
    double a = lattice(ix, iy, seed);
    double b = lattice(ix + 1, iy, seed);
    double c = lattice(ix, iy + 1, seed);
    double d = lattice(ix + 1, iy + 1, seed);
    double top = a + (b - a) * tx;
    double bottom = c + (d - c) * tx;
    return top + (bottom - top) * ty;
  }

  /** Fractal sum of {@code octaves} layers, each at twice the frequency and half the weight. */
  static double fbm(double x, double y, long seed, int octaves) {
    double sum = 0;
    double weight = 0.5;
    double norm = 0;
    for (int o = 0; o < octaves; o++) {
      sum += weight * noise(x, y, seed + o * 0x51ED27L);
      norm += weight;
      x *= 2.03;
      y *= 2.03;
      weight *= 0.5;
    }
    return sum / norm;
  }

  /** A uniform value in [0, 1) for a lattice point. */
  static double lattice(long ix, long iy, long seed) {
    long h = Seeds.mix(seed ^ (ix * 0x9E3779B97F4A7C15L) ^ (iy * 0xC2B2AE3D27D4EB4FL));
    return (h >>> 11) * 0x1.0p-53;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }
}
