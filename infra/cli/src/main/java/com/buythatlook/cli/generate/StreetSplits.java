package com.buythatlook.cli.generate;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.Split;
import java.util.SplittableRandom;

/**
 * Which split each street photo belongs to, and which category it must show. In every block of ten
 * consecutive photos three (drawn from the seed) are test photos, so the split of photo {@code i}
 * and its rank within its split are closed-form — no pass over earlier photos, which keeps photos
 * independent for parallel rendering. Cycling the required category over each split's photos
 * guarantees that even a tiny data set shows every category in both splits.
 */
final class StreetSplits {
  static final int BLOCK = 10;
  static final int TEST_PER_BLOCK = 3;

  private final long seed;

  StreetSplits(long seed) {
    this.seed = seed;
  }

  Split split(long index) {
    return isTest(testPositions(index / BLOCK), (int) (index % BLOCK)) ? Split.TEST : Split.TRAIN;
  }

  /** The category photo {@code index} must show: its rank within its split, cycled. */
  Category requiredCategory(long index) {
    long block = index / BLOCK;
    int position = (int) (index % BLOCK);
    int mask = testPositions(block);
    boolean test = isTest(mask, position);
    int before = Integer.bitCount(mask & ((1 << position) - 1)); // test photos earlier in block
    long rank =
        test
            ? block * TEST_PER_BLOCK + before
            : block * (BLOCK - TEST_PER_BLOCK) + (position - before);
    Category[] all = Category.values();
    return all[(int) (rank % all.length)];
  }

  private static boolean isTest(int mask, int position) {
    return (mask & (1 << position)) != 0;
  }

  /** A bit mask of the three test positions in a block. */
  private int testPositions(long block) {
    SplittableRandom rng = Seeds.random(seed, Seeds.Purpose.STREET_SPLIT, block);
    int mask = 0;
    while (Integer.bitCount(mask) < TEST_PER_BLOCK) {
      mask |= 1 << rng.nextInt(BLOCK);
    }
    return mask;
  }
}
