package com.buythatlook.core.index;

/**
 * A bounded min-heap of (score, row) keeping the k best rows seen. Rows are offered in increasing
 * order, so an equal score never displaces the earlier row: ties go to the lower row.
 */
final class TopKHeap {
  private final float[] scores;
  private final int[] rows;
  private int size;

  TopKHeap(int k) {
    scores = new float[k];
    rows = new int[k];
  }

  /** The score a new row must beat to enter, once the heap is full. */
  float threshold() {
    if (size < scores.length) {
      return Float.NEGATIVE_INFINITY;
    }
    return size == 0 ? Float.POSITIVE_INFINITY : scores[0];
  }

  boolean full() {
    return size == scores.length;
  }

  void offer(float score, int row) {
    int k = scores.length;
    if (k == 0) {
      return;
    }
    if (size < k) {
      int i = size++;
      // sift up
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!worse(score, row, scores[parent], rows[parent])) {
          break;
        }
        scores[i] = scores[parent];
        rows[i] = rows[parent];
        i = parent;
      }
      scores[i] = score;
      rows[i] = row;
    } else if (worse(scores[0], rows[0], score, row)) {
      siftDown(score, row);
    }
  }

  /** True when (s1, r1) ranks below (s2, r2). */
  private static boolean worse(float s1, int r1, float s2, int r2) {
    return s1 < s2 || (s1 == s2 && r1 > r2);
  }

  private void siftDown(float score, int row) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && worse(scores[right], rows[right], scores[child], rows[child])) {
        child = right;
      }
      if (!worse(scores[child], rows[child], score, row)) {
        break;
      }
      scores[i] = scores[child];
      rows[i] = rows[child];
      i = child;
    }
    scores[i] = score;
    rows[i] = row;
  }

  /** Drains the heap into a best-first {@link Hits}. */
  Hits toHits() {
    int n = size;
    int[] outRows = new int[n];
    float[] outScores = new float[n];
    // pop the worst repeatedly, filling from the back
    for (int pos = n - 1; pos >= 0; pos--) {
      outScores[pos] = scores[0];
      outRows[pos] = rows[0];
      size--;
      if (size > 0) {
        float s = scores[size];
        int r = rows[size];
        siftDown(s, r);
      }
    }
    return new Hits(outRows, outScores);
  }
}
