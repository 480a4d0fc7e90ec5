package com.buythatlook.core.index;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One immutable index version, as a query sees it from start to end. */
public final class IndexSnapshot {
  private final IndexManifest manifest;
  private final ShardCache cache;
  private final ProductDetails details;

  IndexSnapshot(IndexManifest manifest, ShardCache cache, ProductDetails details) {
    this.manifest = manifest;
    this.cache = cache;
    this.details = details;
  }

  public IndexManifest manifest() {
    return manifest;
  }

  /** Whether this version was published with its products' details (see {@link #products}). */
  public boolean hasProductDetails() {
    return manifest.products() != null && manifest.products().files() > 0;
  }

  /**
   * The details of the products among {@code ids} that this version holds, keyed by id: the catalog
   * as it was when this version was built.
   *
   * @throws IllegalStateException when the version has no details ({@link #hasProductDetails})
   * @throws IndexUnavailableException when a details file is missing
   */
  public Map<String, Product> products(Collection<String> ids) {
    if (!hasProductDetails()) {
      throw new IllegalStateException(
          "index version " + manifest.version() + " was published without product details");
    }
    return ids.isEmpty() ? Map.of() : details.getAll(manifest, ids);
  }

  /** One product of this version, or empty when it has none of that id. */
  public Optional<Product> product(String productId) {
    return Optional.ofNullable(products(List.of(productId)).get(productId));
  }

  /** Categories that have at least one product in this version. */
  public Set<Category> categories() {
    java.util.EnumSet<Category> out = java.util.EnumSet.noneOf(Category.class);
    for (IndexManifest.ShardEntry e : manifest.shards()) {
      if (e.count() > 0) {
        out.add(e.category());
      }
    }
    return out;
  }

  /**
   * The stored vector of a product, for "more like this": looked up in the category's shards only
   * (a product id is unique in the catalog, and its category says which shards to read).
   *
   * @return empty when this version has no such product in that category
   */
  public Optional<float[]> vectorOf(Category category, String productId) {
    for (IndexManifest.ShardEntry entry : manifest.shardsOf(category)) {
      if (entry.count() == 0) {
        continue;
      }
      Shard shard = cache.get(entry);
      int row = shard.rowOf(productId);
      if (row >= 0) {
        return Optional.of(shard.vector(row));
      }
    }
    return Optional.empty();
  }

  /**
   * The k most similar products of a category for each query, reading each shard once for all
   * queries. The filter applies inside each shard's scan: k matches come back whenever k products
   * pass it.
   *
   * <p>This is the entry of the query path into the index and the one place that checks the
   * queries' dimension; the shards and kernels below rely on it.
   *
   * @throws DimensionMismatchException when a query's dimension is not the index's (the query was
   *     embedded by another model)
   */
  public List<List<Match>> search(Category category, float[][] queries, int k, Filter filter) {
    for (float[] q : queries) {
      if (q.length != manifest.dimension()) {
        throw new DimensionMismatchException(q.length, manifest.dimension(), manifest.version());
      }
    }
    List<List<Match>> perQuery = new ArrayList<>();
    for (int i = 0; i < queries.length; i++) {
      perQuery.add(new ArrayList<>());
    }
    for (IndexManifest.ShardEntry entry : manifest.shardsOf(category)) {
      if (entry.count() == 0) {
        continue;
      }
      List<List<Match>> found = cache.get(entry).search(queries, k, filter);
      for (int q = 0; q < queries.length; q++) {
        perQuery.get(q).addAll(found.get(q));
      }
    }
    List<List<Match>> out = new ArrayList<>();
    for (List<Match> matches : perQuery) {
      matches.sort(
          Comparator.comparingDouble((Match m) -> -m.score()).thenComparing(Match::productId));
      out.add(List.copyOf(matches.subList(0, Math.min(k, matches.size()))));
    }
    return out;
  }
}
