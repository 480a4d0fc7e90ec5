package com.buythatlook.core.eval;

import java.util.Arrays;

/**
 * Hit rate at k (top-k accuracy, "recall@k" in the street2shop and DeepFashion2 papers) of a set of
 * queries, for every k up to {@link #maxK()} at once: the share of queries whose first correct
 * answer has a rank below k. Queries without any correct answer in the gallery, or whose item was
 * not detected, are added as {@link Ranking#MISS}: they stay in the denominator.
 *
 * <p>Not thread-safe; build one per thread and {@link #merge} them, or add from one thread.
 */
public final class HitRateCurve {
  private final long[] hitsAtRank;
  private long queries;

  /**
   * @param maxK the largest k that {@link #hitRate} will be asked for
   */
  public HitRateCurve(int maxK) {
    if (maxK < 1) {
      throw new IllegalArgumentException("maxK must be at least 1, got " + maxK);
    }
    this.hitsAtRank = new long[maxK];
  }

  /**
   * Adds one query whose first correct answer has 0-based {@code rank} (or {@link Ranking#MISS}).
   */
  public void add(int rank) {
    if (rank < 0) {
      throw new IllegalArgumentException("rank must be >= 0, got " + rank);
    }
    queries++;
    if (rank < hitsAtRank.length) {
      hitsAtRank[rank]++;
    }
  }

  /** Adds the queries of {@code other}, e.g. to pool per-category curves into an overall one. */
  public void merge(HitRateCurve other) {
    if (other.maxK() != maxK()) {
      throw new IllegalArgumentException(
          "cannot merge curves of maxK " + maxK() + " and " + other.maxK());
    }
    queries += other.queries;
    for (int r = 0; r < hitsAtRank.length; r++) {
      hitsAtRank[r] += other.hitsAtRank[r];
    }
  }

  public int maxK() {
    return hitsAtRank.length;
  }

  public long queries() {
    return queries;
  }

  /** Number of queries with a hit in the first {@code k}. */
  public long hits(int k) {
    if (k < 1 || k > hitsAtRank.length) {
      throw new IllegalArgumentException("k must be in 1.." + hitsAtRank.length + ", got " + k);
    }
    long h = 0;
    for (int r = 0; r < k; r++) {
      h += hitsAtRank[r];
    }
    return h;
  }

  /** Share of queries with a hit in the first {@code k}; NaN when there are no queries. */
  public double hitRate(int k) {
    long h = hits(k);
    return queries == 0 ? Double.NaN : (double) h / queries;
  }

  /** {@code hitRate(1) … hitRate(maxK)}, index k-1. */
  public double[] curve() {
    double[] out = new double[hitsAtRank.length];
    long h = 0;
    for (int r = 0; r < hitsAtRank.length; r++) {
      h += hitsAtRank[r];
      out[r] = queries == 0 ? Double.NaN : (double) h / queries;
    }
    return out;
  }

  @Override
  public String toString() {
    return "HitRateCurve{queries=" + queries + ", hitsAtRank=" + Arrays.toString(hitsAtRank) + "}";
  }
}
