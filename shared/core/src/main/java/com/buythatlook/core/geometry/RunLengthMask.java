package com.buythatlook.core.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary mask in COCO's uncompressed run-length encoding: runs alternate between 0s and 1s,
 * starting with 0s, over the pixels in <em>column-major</em> order (COCO's convention).
 */
public record RunLengthMask(int width, int height, int[] counts) {

  public RunLengthMask {
    long total = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("run lengths must be non-negative");
      }
      total += c;
    }
    if (total != (long) width * height) {
      throw new IllegalArgumentException(
          "run lengths add up to "
              + total
              + " but the mask has "
              + (long) width * height
              + " pixels");
    }
    counts = counts.clone();
  }

  /** Encodes a row-major mask. */
  public static RunLengthMask encode(boolean[] rowMajor, int width, int height) {
    if (rowMajor.length != width * height) {
      throw new IllegalArgumentException("mask length does not match " + width + "x" + height);
    }
    List<Integer> runs = new ArrayList<>();
    boolean current = false;
    int run = 0;
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        boolean v = rowMajor[y * width + x];
        if (v != current) {
          runs.add(run);
          run = 0;
          current = v;
        }
        run++;
      }
    }
    runs.add(run);
    return new RunLengthMask(width, height, runs.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Decodes to a row-major mask. */
  public boolean[] decode() {
    boolean[] mask = new boolean[width * height];
    int pos = 0;
    boolean v = false;
    for (int c : counts) {
      for (int i = 0; i < c; i++, pos++) {
        if (v) {
          int x = pos / height;
          int y = pos % height;
          mask[y * width + x] = true;
        }
      }
      v = !v;
    }
    return mask;
  }

  public long area() {
    long a = 0;
    for (int i = 1; i < counts.length; i += 2) {
      a += counts[i];
    }
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunLengthMask m
        && m.width == width
        && m.height == height
        && Arrays.equals(m.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(counts);
  }
}
