package com.buythatlook.core.index;

/**
 * The result of a top-k scan: row numbers of a shard and their scores, best first; equal scores are
 * ordered by row number so that results are deterministic.
 */
public record Hits(int[] rows, float[] scores) {

  public int size() {
    return rows.length;
  }

  static Hits empty() {
    return new Hits(new int[0], new float[0]);
  }
}
