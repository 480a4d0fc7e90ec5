package com.buythatlook.core.index;

/**
 * A {@link Filter} compiled against one shard's price and brand columns (by {@link Shard}), and
 * evaluated inside the scan, so that a filtered query still returns k rows when k rows match. A
 * final class rather than an interface so the per-row check inlines into the scan loop.
 */
final class RowFilter {
  private static final RowFilter NONE = new RowFilter(null, 0, 0, null, null);

  private final float[] prices;
  private final float minPrice;
  private final float maxPrice;
  private final int[] brandIds;
  private final boolean[] allowedBrands;
  private final boolean active;

  private RowFilter(
      float[] prices, float minPrice, float maxPrice, int[] brandIds, boolean[] allowedBrands) {
    this.prices = prices;
    this.minPrice = minPrice;
    this.maxPrice = maxPrice;
    this.brandIds = brandIds;
    this.allowedBrands = allowedBrands;
    this.active = prices != null || brandIds != null;
  }

  /** Matches every row. */
  static RowFilter none() {
    return NONE;
  }

  /**
   * @param prices the shard's price column, or {@code null} for no price condition
   * @param brandIds the shard's brand-id column, or {@code null} for no brand condition
   * @param allowedBrands indexed by brand id: true when that brand is wanted
   */
  static RowFilter of(
      float[] prices, float minPrice, float maxPrice, int[] brandIds, boolean[] allowedBrands) {
    if ((brandIds == null) != (allowedBrands == null)) {
      throw new IllegalArgumentException("brand ids and allowed brands go together");
    }
    return new RowFilter(prices, minPrice, maxPrice, brandIds, allowedBrands);
  }

  boolean isActive() {
    return active;
  }

  boolean accepts(int row) {
    if (!active) {
      return true;
    }
    if (prices != null) {
      float p = prices[row];
      if (!(p >= minPrice && p <= maxPrice)) {
        return false;
      }
    }
    if (brandIds != null) {
      int b = brandIds[row];
      return b >= 0 && b < allowedBrands.length && allowedBrands[b];
    }
    return true;
  }
}
