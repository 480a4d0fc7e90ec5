package com.buythatlook.core.api;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexPublisher;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small catalog with its index, shared by the API's unit tests and the query handler's
 * integration test (through the test-jar): 40 tops (ids "1".."40") and 40 bags ("41".."80") with
 * random unit vectors of {@value #DIM} dimensions, prices 5, 10, …, 200 within each category and
 * brands cycling through {@link #BRANDS}. The ids and the brand "Halden" match events/*.json.
 */
public final class QueryFixture {
  public static final int DIM = 16;
  public static final String VERSION = "v1";
  public static final List<String> BRANDS = List.of("Halden", "Norr", "Aster", "Vale");
  public static final int PER_CATEGORY = 40;

  private final List<Product> products = new ArrayList<>();
  private final Map<String, float[]> vectors = new LinkedHashMap<>();
  private final SplittableRandom random;

  public QueryFixture(long seed) {
    random = new SplittableRandom(seed);
    int id = 1;
    for (Category c : List.of(Category.TOPS, Category.BAGS)) {
      for (int i = 0; i < PER_CATEGORY; i++, id++) {
        String pid = Integer.toString(id);
        products.add(
            new Product(
                pid,
                c,
                c.wireName() + " no. " + i,
                BRANDS.get(i % BRANDS.size()),
                5.0 * (i + 1),
                "EUR",
                "blue",
                "plain",
                "images/" + pid + ".jpg"));
        vectors.put(pid, unit(randomVector()));
      }
    }
  }

  public List<Product> products() {
    return products;
  }

  public Product product(String id) {
    return products.stream().filter(p -> p.productId().equals(id)).findFirst().orElseThrow();
  }

  /**
   * Writes every category's shard, the manifest and CURRENT, without product details: a version as
   * published before versions carried them.
   */
  public void publish(BlobStore store) throws IOException {
    publish(store, VERSION, products, false);
  }

  /**
   * Publishes {@code catalog} (products of this fixture, perhaps with other prices, perhaps fewer)
   * as {@code version} with its product details, as the batch job does.
   */
  public void publishWithDetails(BlobStore store, String version, List<Product> catalog)
      throws IOException {
    publish(store, version, catalog, true);
  }

  private void publish(BlobStore store, String version, List<Product> catalog, boolean details)
      throws IOException {
    IndexPublisher publisher = new IndexPublisher(store);
    List<IndexManifest.ShardEntry> entries = new ArrayList<>();
    for (Category c : List.of(Category.TOPS, Category.BAGS)) {
      List<Product> ps = catalog.stream().filter(p -> p.category() == c).toList();
      float[] rows = new float[ps.size() * DIM];
      float[] prices = new float[ps.size()];
      for (int i = 0; i < ps.size(); i++) {
        System.arraycopy(vectors.get(ps.get(i).productId()), 0, rows, i * DIM, DIM);
        prices[i] = (float) ps.get(i).price();
      }
      entries.add(
          publisher.putShard(
              version,
              0,
              Shard.of(
                  c,
                  DIM,
                  rows,
                  ps.stream().map(Product::productId).toList(),
                  prices,
                  ps.stream().map(Product::brand).toList(),
                  true)));
    }
    publisher.publish(
        new IndexManifest(
            1,
            version,
            "test-embedder",
            "1",
            DIM,
            "cosine",
            "float32",
            true,
            "2026-11-26T00:00:00Z",
            entries,
            details ? publisher.putProducts(version, catalog) : null));
  }

  /** A unit vector close to the product's: that product is its best match. */
  public float[] near(String productId) {
    float[] v = vectors.get(productId).clone();
    for (int i = 0; i < v.length; i++) {
      v[i] += (float) (random.nextGaussian() * 0.02);
    }
    return unit(v);
  }

  /** One item per product, in the product's category, with a vector near it or none. */
  public List<LookItem> items(String lookId, boolean withVectors, String... nearProductIds) {
    List<LookItem> items = new ArrayList<>();
    for (int i = 0; i < nearProductIds.length; i++) {
      Product p = product(nearProductIds[i]);
      items.add(
          new LookItem(
              i,
              p.category(),
              0.9 - i * 0.01,
              new Box(10 * i, 20, 100, 150),
              LookKeys.crop(lookId, i),
              withVectors ? near(p.productId()) : null));
    }
    return items;
  }

  private float[] randomVector() {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float inv = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
