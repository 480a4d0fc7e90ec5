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
  private static final TopK TOP_K = TopK.create();

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
   * The details of the products among {@code ids} that this version holds, keyed by id: the
   * catalog as it was when this version was built.
   *
   * @throws IllegalStateException when the version has no details ({@link #hasProductDetails})
   * @throws IndexUnavailableException when a details file is missing
   */
  public Map<String, Product> products(Collection<String> ids) {
    if (!hasProductDetails()) {
      throw new IllegalStateException("index version " + manifest.version()
          + " was published without product details");
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
   * The stored vector of a product, for "more like this": looked up in the category's shards
   * only (a product id is unique in the catalog, and its category says which shards to read).
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
   * queries. Filters apply inside the scan: k matches come back whenever k products pass them.
   *
   * @param minPrice lower price bound or {@code null}
   * @param maxPrice upper price bound or {@code null}
   * @param brands wanted brands, empty for any
   */
  public List<List<Match>> search(
      Category category, float[][] queries, int k, Double minPrice, Double maxPrice,
      Set<String> brands) {
    for (float[] q : queries) {
      if (q.length != manifest.dimension()) {
        throw new IllegalArgumentException(
            "query vectors have " + q.length + " dimensions; index " + manifest.version()
                + " has " + manifest.dimension());
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
      Shard shard = cache.get(entry);
      RowFilter filter = shard.filter(minPrice, maxPrice, brands);
      Hits[] hits;
      if (shard.rows8() != null && queries.length == 1) {
        hits =
            new Hits[] {
              TOP_K.searchInt8(shard.rows8(), shard.rows(), shard.count(), shard.dim(), queries[0],
                  k, filter)
            };
      } else {
        hits = TOP_K.searchMany(shard.rows(), shard.count(), shard.dim(), queries, k, filter);
      }
      for (int q = 0; q < queries.length; q++) {
        for (int i = 0; i < hits[q].size(); i++) {
          int row = hits[q].rows()[i];
          perQuery.get(q).add(
              new Match(shard.productId(row), hits[q].scores()[i], shard.price(row), shard.brand(row)));
        }
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
