package com.buythatlook.cli.generate;

import java.util.SplittableRandom;

/**
 * Derives an independent random stream for every thing the generator draws (a family of products, a
 * product, a photo) from the user's seed and that thing's indices. Because each image depends only
 * on (seed, index) and never on what another thread drew before it, the output is byte-identical
 * whatever the thread count.
 */
final class Seeds {

  /** What a stream is for; part of the derivation so that product 7 and photo 7 differ. */
  enum Purpose {
    CATEGORY,
    FAMILY,
    GROUP,
    PRODUCT,
    SHOP_PHOTO,
    STREET_SPLIT,
    STREET_PHOTO
  }

  private Seeds() {}

  static SplittableRandom random(long seed, Purpose purpose, long... ids) {
    long h = mix(seed + 0x9E3779B97F4A7C15L * (purpose.ordinal() + 1));
    for (long id : ids) {
      h = mix(h ^ mix(id + 0x632BE59BD9B4E019L));
    }
    return new SplittableRandom(h);
  }

  /** SplitMix64's finaliser: a bijective 64-bit mix with full avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [lo, hi). */
  static double between(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
