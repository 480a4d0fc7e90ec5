package com.buythatlook.core.index;

import com.buythatlook.core.catalog.Category;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One category's slice of an index version, in memory: unit-norm float rows, their int8 copy
 * (optional), the product id of each row and the filterable attribute columns. It answers its own
 * searches ({@link #search}); see {@link ShardFormat} for the file layout.
 */
public final class Shard {
  /**
   * The scan, created on the first search: writing shards (the batch job) never chooses kernels,
   * nor logs the choice.
   */
  private static final class Scan {
    static final TopK TOP_K = TopK.create();
  }

  private final Category category;
  private final int count;
  private final int dim;
  private final float[] rows;
  private final Int8Rows rows8;
  private final String[] productIds;
  private final float[] prices;
  private final int[] brandIds;
  private final String[] brands;
  private final Map<String, Integer> brandIndex = new HashMap<>();

  /**
   * Row numbers ordered by product id, built on the first {@link #rowOf} call. An int per row (4 MB
   * per million products) instead of a hash map's ~60 bytes per entry, which matters in a Lambda's
   * memory; a lookup costs ~20 string comparisons. Racy initialisation is harmless: every thread
   * computes the same array and the field publishes a fully built one.
   */
  private volatile int[] rowsById;

  public Shard(
      Category category,
      int dim,
      float[] rows,
      Int8Rows rows8,
      String[] productIds,
      float[] prices,
      int[] brandIds,
      String[] brands) {
    this.category = Objects.requireNonNull(category, "category");
    this.count = productIds.length;
    this.dim = dim;
    if (dim <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dim);
    }
    if (rows.length != count * dim || prices.length != count || brandIds.length != count) {
      throw new IllegalArgumentException(
          "shard columns disagree: "
              + count
              + " ids, "
              + rows.length
              + " floats for dimension "
              + dim
              + ", "
              + prices.length
              + " prices, "
              + brandIds.length
              + " brand ids");
    }
    if (rows8 != null && (rows8.count() != count || rows8.dim() != dim)) {
      throw new IllegalArgumentException("int8 copy does not match the float rows");
    }
    for (int b : brandIds) {
      if (b < 0 || b >= brands.length) {
        throw new IllegalArgumentException("brand id " + b + " is not in the brand dictionary");
      }
    }
    this.rows = rows;
    this.rows8 = rows8;
    this.productIds = productIds;
    this.prices = prices;
    this.brandIds = brandIds;
    this.brands = brands;
    for (int i = 0; i < brands.length; i++) {
      brandIndex.put(brands[i], i);
    }
  }

  /** Builds a shard from rows and product attributes, with the brand dictionary derived. */
  public static Shard of(
      Category category,
      int dim,
      float[] rows,
      List<String> productIds,
      float[] prices,
      List<String> brandPerRow,
      boolean withInt8) {
    Map<String, Integer> dict = new HashMap<>();
    int[] ids = new int[brandPerRow.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = dict.computeIfAbsent(brandPerRow.get(i), b -> dict.size());
    }
    String[] brands = new String[dict.size()];
    dict.forEach((b, i) -> brands[i] = b);
    int count = productIds.size();
    return new Shard(
        category,
        dim,
        rows,
        withInt8 ? Int8Rows.quantize(rows, count, dim) : null,
        productIds.toArray(String[]::new),
        prices,
        ids,
        brands);
  }

  /**
   * The kernels every shard's scan uses in this JVM, {@code vector-api(N-bit)} or {@code scalar}
   * (chosen once; the choice is logged, with the flag to add when it is the scalar one).
   */
  public static String kernels() {
    return Scan.TOP_K.kernelName();
  }

  public Category category() {
    return category;
  }

  public int count() {
    return count;
  }

  public int dim() {
    return dim;
  }

  /**
   * The unit-norm rows, row after row, for the writing side (an incremental build carries unchanged
   * rows over); searches go through {@link #search}.
   */
  public float[] rows() {
    return rows;
  }

  /** The int8 copy, or {@code null} when the shard was written without one. */
  Int8Rows rows8() {
    return rows8;
  }

  public String productId(int row) {
    return productIds[row];
  }

  public float price(int row) {
    return prices[row];
  }

  public String brand(int row) {
    return brands[brandIds[row]];
  }

  String[] productIds() {
    return productIds;
  }

  /** The row of {@code productId}, or -1 when this shard does not hold it. */
  public int rowOf(String productId) {
    int[] order = rowsById;
    if (order == null) {
      Integer[] boxed = new Integer[count];
      for (int i = 0; i < count; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> productIds[a].compareTo(productIds[b]));
      order = new int[count];
      for (int i = 0; i < count; i++) {
        order[i] = boxed[i];
      }
      rowsById = order;
    }
    int lo = 0;
    int hi = count - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = productIds[order[mid]].compareTo(productId);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return order[mid];
      }
    }
    return -1;
  }

  /** A copy of the row's unit-norm vector. */
  public float[] vector(int row) {
    Objects.checkIndex(row, count);
    return Arrays.copyOfRange(rows, row * dim, (row + 1) * dim);
  }

  float[] prices() {
    return prices;
  }

  int[] brandIds() {
    return brandIds;
  }

  String[] brands() {
    return brands;
  }

  /**
   * The k best matches of {@code query} among the rows that {@code filter} keeps, best first (equal
   * scores: lower row first).
   *
   * @param query a vector of {@link #dim()} components; {@link IndexSnapshot#search}, the entry of
   *     the query path, has checked that
   */
  public List<Match> search(float[] query, int k, Filter filter) {
    return search(new float[][] {query}, k, filter).get(0);
  }

  /**
   * {@link #search(float[], int, Filter)} for several queries, reading the rows once for all of
   * them. A single query over a shard with an int8 copy scans the copy (a quarter of the memory
   * traffic) and re-ranks its best candidates exactly; several queries share one float scan.
   */
  public List<List<Match>> search(float[][] queries, int k, Filter filter) {
    RowFilter keep = rowFilter(filter);
    TopK scan = Scan.TOP_K;
    Hits[] hits;
    if (queries.length != 1) {
      hits = scan.searchMany(rows, count, dim, queries, k, keep);
    } else if (rows8 != null) {
      hits = new Hits[] {scan.searchInt8(rows8, rows, count, dim, queries[0], k, keep)};
    } else {
      hits = new Hits[] {scan.search(rows, count, dim, queries[0], k, keep)};
    }
    List<List<Match>> out = new ArrayList<>(queries.length);
    for (Hits h : hits) {
      List<Match> matches = new ArrayList<>(h.size());
      for (int i = 0; i < h.size(); i++) {
        int row = h.rows()[i];
        matches.add(new Match(productIds[row], h.scores()[i], prices[row], brand(row)));
      }
      out.add(matches);
    }
    return out;
  }

  /** {@code filter} compiled against this shard's price and brand columns. */
  RowFilter rowFilter(Filter filter) {
    boolean priceCond = filter.minPrice() != null || filter.maxPrice() != null;
    boolean brandCond = !filter.brands().isEmpty();
    if (!priceCond && !brandCond) {
      return RowFilter.none();
    }
    boolean[] allowed = null;
    if (brandCond) {
      allowed = new boolean[brands.length];
      for (String b : filter.brands()) {
        Integer i = brandIndex.get(b);
        if (i != null) {
          allowed[i] = true;
        }
      }
    }
    return RowFilter.of(
        priceCond ? prices : null,
        filter.minPrice() == null ? Float.NEGATIVE_INFINITY : filter.minPrice().floatValue(),
        filter.maxPrice() == null ? Float.POSITIVE_INFINITY : filter.maxPrice().floatValue(),
        brandCond ? brandIds : null,
        allowed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shard s
        && s.category == category
        && s.dim == dim
        && Arrays.equals(s.rows, rows)
        && (rows8 == null
            ? s.rows8 == null
            : s.rows8 != null
                && s.rows8.scale() == rows8.scale()
                && Arrays.equals(s.rows8.data(), rows8.data()))
        && Arrays.equals(s.productIds, productIds)
        && Arrays.equals(s.prices, prices)
        && Arrays.equals(s.brandIds, brandIds)
        && Arrays.equals(s.brands, brands);
  }

  @Override
  public int hashCode() {
    return Objects.hash(category, dim, count, Arrays.hashCode(productIds));
  }
}
