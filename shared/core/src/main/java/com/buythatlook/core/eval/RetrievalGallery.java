package com.buythatlook.core.eval;

/**
 * The shop photos of one category, embedded, that street queries are ranked against by cosine
 * similarity. Vectors are L2-normalised (the {@link com.buythatlook.core.inference.Embedder}
 * contract), so the cosine is the dot product. Immutable after construction and safe to share
 * between threads.
 */
public final class RetrievalGallery {
  private final long[] productIds;
  private final float[][] vectors;
  private final int dimension;

  /**
   * @param productIds the product each gallery photo shows
   * @param vectors one unit-norm embedding per gallery photo, all of the same length
   */
  public RetrievalGallery(long[] productIds, float[][] vectors) {
    if (productIds.length != vectors.length) {
      throw new IllegalArgumentException(
          productIds.length + " product ids but " + vectors.length + " vectors");
    }
    this.dimension = vectors.length == 0 ? -1 : vectors[0].length;
    for (float[] v : vectors) {
      if (v.length != dimension) {
        throw new IllegalArgumentException(
            "gallery vectors differ in length: " + dimension + " and " + v.length);
      }
    }
    this.productIds = productIds.clone();
    this.vectors = vectors.clone();
  }

  public int size() {
    return productIds.length;
  }

  /** Cosine similarity of {@code query} to every gallery photo, in gallery order. */
  public float[] similarities(float[] query) {
    if (dimension >= 0 && query.length != dimension) {
      throw new IllegalArgumentException(
          "query has dimension " + query.length + ", gallery " + dimension);
    }
    float[] out = new float[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      out[i] = dot(query, vectors[i]);
    }
    return out;
  }

  /**
   * The 0-based rank of the first shop photo of {@code productId} when the gallery is sorted by
   * similarity to {@code query}; {@link Ranking#MISS} when the gallery has no photo of it. Ties as
   * in {@link Ranking#firstHit}.
   */
  public int firstHitRank(float[] query, long productId) {
    boolean[] relevant = new boolean[productIds.length];
    for (int i = 0; i < productIds.length; i++) {
      relevant[i] = productIds[i] == productId;
    }
    return Ranking.firstHit(similarities(query), relevant);
  }

  /** Whether the gallery holds at least one photo of {@code productId}. */
  public boolean contains(long productId) {
    for (long p : productIds) {
      if (p == productId) {
        return true;
      }
    }
    return false;
  }

  private static float dot(float[] a, float[] b) {
    // Two accumulators: a little instruction-level parallelism without the Vector API (the
    // gallery of one category is small; this is not the production scan).
    float s0 = 0;
    float s1 = 0;
    int i = 0;
    for (; i + 1 < a.length; i += 2) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
    }
    if (i < a.length) {
      s0 += a[i] * b[i];
    }
    return s0 + s1;
  }
}
