package com.buythatlook.core.eval;

/**
 * Where a query's first correct answer lands in a ranked gallery.
 *
 * <p>Ties are broken pessimistically: a relevant item that scores the same as irrelevant ones is
 * ranked after all of them. That makes the rank independent of the gallery's order (so results do
 * not change when files are listed differently) and means an embedder cannot gain anything from
 * collisions: an embedder that maps everything to the same vector misses at every k below the
 * gallery size, instead of hitting whenever the right photo happens to be listed first.
 */
public final class Ranking {
  /** The rank of a query none of whose answers is in the gallery: never a hit at any k. */
  public static final int MISS = Integer.MAX_VALUE;

  private Ranking() {}

  /**
   * The 0-based rank of the best-scoring relevant item when the gallery is sorted by descending
   * score, so the query is a hit at k exactly when the result is {@code < k}.
   *
   * <p>Because the best relevant item is the first relevant one in the sorted order, its rank is
   * simply the number of irrelevant items scoring at least as high — O(n), no sort. NaN scores
   * count as the lowest possible score.
   *
   * @param scores similarity of each gallery item to the query (higher is more similar)
   * @param relevant whether each gallery item is a correct answer
   * @return the rank, or {@link #MISS} when no item is relevant (including an empty gallery)
   */
  public static int firstHit(float[] scores, boolean[] relevant) {
    if (scores.length != relevant.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + relevant.length + " relevance flags");
    }
    float best = Float.NaN;
    boolean any = false;
    for (int i = 0; i < scores.length; i++) {
      if (relevant[i]) {
        float s = orLowest(scores[i]);
        best = any ? Math.max(best, s) : s;
        any = true;
      }
    }
    if (!any) {
      return MISS;
    }
    int rank = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!relevant[i] && orLowest(scores[i]) >= best) {
        rank++;
      }
    }
    return rank;
  }

  private static float orLowest(float s) {
    return Float.isNaN(s) ? Float.NEGATIVE_INFINITY : s;
  }
}
