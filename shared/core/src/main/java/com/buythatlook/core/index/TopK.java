package com.buythatlook.core.index;

/**
 * Exact and two-pass top-k by inner product over contiguous rows ({@code rows[r * dim + j]}). With
 * unit-norm rows and queries the inner product is the cosine similarity. {@link Shard#search} is
 * its caller: the shard's constructor guarantees the rows' shape and {@link IndexSnapshot#search}
 * the query's dimension, so nothing here checks them again.
 *
 * <p>Multi-query scans walk the rows in blocks that stay in cache and score every query against a
 * block before moving on, so each row is read from memory once per call, not once per query.
 */
final class TopK {
  /** Rows per block in multi-query scans: 64 rows × 256 dims × 4 bytes = 64 KiB, L2-resident. */
  private static final int BLOCK_ROWS = 64;

  /** Rows scored per kernel call in single-query scans. */
  private static final int SCAN_BLOCK = 256;

  /**
   * The int8 pass sums 16-bit products in 32-bit lanes; beyond this dimension the sums could
   * overflow, and such indexes are searched exactly instead.
   */
  static final int MAX_INT8_DIM = 65_536;

  private final Kernels kernels;

  private TopK(Kernels kernels) {
    this.kernels = kernels;
  }

  /** Top-k with the fastest kernels this JVM offers. */
  static TopK create() {
    return new TopK(Kernels.best());
  }

  /** Top-k with the plain-Java kernels (the reference in tests and benchmarks). */
  static TopK scalar() {
    return new TopK(Kernels.scalar());
  }

  /** {@code vector-api(256-bit)} or {@code scalar}. */
  String kernelName() {
    return kernels.name();
  }

  Hits search(float[] rows, int count, int dim, float[] query, int k, RowFilter filter) {
    checkK(k);
    TopKHeap heap = new TopKHeap(Math.min(k, count));
    Kernels kn = kernels;
    if (filter.isActive()) {
      for (int r = 0, off = 0; r < count; r++, off += dim) {
        if (filter.accepts(r)) {
          float s = kn.dot(rows, off, query, 0, dim);
          if (s >= heap.threshold()) {
            heap.offer(s, r);
          }
        }
      }
      return heap.toHits();
    }
    float[] scores = new float[SCAN_BLOCK];
    for (int start = 0; start < count; start += SCAN_BLOCK) {
      int n = Math.min(SCAN_BLOCK, count - start);
      kn.dots(rows, start, n, dim, query, scores);
      offerAll(heap, scores, start, n);
    }
    return heap.toHits();
  }

  /** Top-k of several queries over the same rows, reading the rows once. */
  Hits[] searchMany(float[] rows, int count, int dim, float[][] queries, int k, RowFilter filter) {
    checkK(k);
    int nq = queries.length;
    TopKHeap[] heaps = new TopKHeap[nq];
    for (int i = 0; i < nq; i++) {
      heaps[i] = new TopKHeap(Math.min(k, count));
    }
    Kernels kn = kernels;
    boolean filtered = filter.isActive();
    float[] scores = new float[BLOCK_ROWS];
    for (int start = 0; start < count; start += BLOCK_ROWS) {
      int end = Math.min(count, start + BLOCK_ROWS);
      for (int qi = 0; qi < nq; qi++) {
        float[] q = queries[qi];
        TopKHeap heap = heaps[qi];
        if (!filtered) {
          kn.dots(rows, start, end - start, dim, q, scores);
          offerAll(heap, scores, start, end - start);
          continue;
        }
        for (int r = start, off = start * dim; r < end; r++, off += dim) {
          if (filter.accepts(r)) {
            float s = kn.dot(rows, off, q, 0, dim);
            if (s >= heap.threshold()) {
              heap.offer(s, r);
            }
          }
        }
      }
    }
    Hits[] out = new Hits[nq];
    for (int i = 0; i < nq; i++) {
      out[i] = heaps[i].toHits();
    }
    return out;
  }

  /**
   * Two-pass search: an int8 scan ranks all rows approximately, then the best {@code candidates(k)}
   * are re-scored exactly from the float rows. The int8 copy is a quarter of the memory traffic,
   * which is what bounds a full scan.
   */
  Hits searchInt8(
      Int8Rows rows8, float[] rows, int count, int dim, float[] query, int k, RowFilter filter) {
    checkK(k);
    if (dim > MAX_INT8_DIM) {
      return search(rows, count, dim, query, k, filter); // the int8 sums would not fit an int
    }
    Int8Query q8 = Int8Query.of(query);
    int c = Math.min(count, candidates(k));
    // first pass: int scores kept in a float heap (exact for |score| < 2^24)
    TopKHeap first = new TopKHeap(c);
    Kernels kn = kernels;
    byte[] data = rows8.data();
    int[] iscores = new int[SCAN_BLOCK];
    if (filter.isActive()) {
      for (int r = 0; r < count; r++) {
        if (filter.accepts(r)) {
          kn.dotsInt8(data, r, 1, dim, q8, iscores);
          float s = iscores[0];
          if (s >= first.threshold()) {
            first.offer(s, r);
          }
        }
      }
    } else {
      for (int start = 0; start < count; start += SCAN_BLOCK) {
        int n = Math.min(SCAN_BLOCK, count - start);
        kn.dotsInt8(data, start, n, dim, q8, iscores);
        offerAll(first, iscores, start, n);
      }
    }
    Hits approx = first.toHits();
    // exact re-rank; candidate rows are offered in ascending row order to keep tie-breaking
    int[] cand = approx.rows().clone();
    java.util.Arrays.sort(cand);
    TopKHeap exact = new TopKHeap(Math.min(k, cand.length));
    for (int r : cand) {
      exact.offer(kn.dot(rows, r * dim, query, 0, dim), r);
    }
    return exact.toHits();
  }

  /** Offers rows {@code firstRow .. firstRow + n - 1} with their int8 scores. */
  private static void offerAll(TopKHeap heap, int[] scores, int firstRow, int n) {
    float threshold = heap.threshold();
    for (int j = 0; j < n; j++) {
      float s = scores[j];
      if (s >= threshold) {
        heap.offer(s, firstRow + j);
        threshold = heap.threshold();
      }
    }
  }

  /** Offers rows {@code firstRow .. firstRow + n - 1} with their scores. */
  private static void offerAll(TopKHeap heap, float[] scores, int firstRow, int n) {
    float threshold = heap.threshold();
    for (int j = 0; j < n; j++) {
      float s = scores[j];
      if (s >= threshold) {
        heap.offer(s, firstRow + j);
        threshold = heap.threshold();
      }
    }
  }

  /**
   * Candidates re-ranked after the int8 pass. Int8 rounding moves a unit vector's score by well
   * under 0.01; this margin gave recall 1.0 against exact search for every k ≤ 100 on the
   * benchmark's 1M random unit vectors (see infra/bench/topk.sh).
   */
  static int candidates(int k) {
    return 2 * k + 64;
  }

  private static void checkK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be zero or more, got " + k);
    }
  }
}
