package com.buythatlook.batch;

import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.catalog.ProductsJsonl;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog's {@code products.jsonl}: under a data set folder ({@code catalog/products.jsonl},
 * {@code btl generate}'s layout) or at the location itself (the bucket's {@code catalog/} prefix,
 * docs/architecture.md), so {@code --catalog s3://bucket/catalog/} reads {@code
 * catalog/products.jsonl} and {@code catalog/images/…}.
 *
 * @param bytes the file as read; the default version name hashes it
 * @param products the products, the first line of an id first
 * @param failures lines that are not products, or repeat an id
 */
public record CatalogFile(byte[] bytes, List<Product> products, List<Failure> failures) {
  /** In a data set folder. */
  public static final String PRODUCTS_KEY = Layout.PRODUCTS_JSONL;

  /** At the bucket's catalog prefix. */
  public static final String FLAT_PRODUCTS_KEY = "products.jsonl";

  /** Reads and parses the catalog's products; a catalog without the file is a usage mistake. */
  public static CatalogFile read(BlobStore catalog) throws IOException {
    String key = PRODUCTS_KEY;
    Optional<byte[]> found = catalog.get(key);
    if (found.isEmpty()) {
      key = FLAT_PRODUCTS_KEY;
      found = catalog.get(key);
    }
    byte[] bytes =
        found.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no "
                        + PRODUCTS_KEY
                        + " or "
                        + FLAT_PRODUCTS_KEY
                        + " in "
                        + catalog.describe()
                        + ": point --catalog at a data set folder"
                        + " (see 'btl generate') or at the bucket's catalog/ prefix"));
    List<Failure> failures = new ArrayList<>();
    List<Product> products = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String file = key;
    ProductsJsonl.parse(
        bytes,
        (n, p) -> {
          if (!seen.add(p.productId())) {
            failures.add(new Failure(p.productId(), p.image(), "duplicate productId on line " + n));
            return;
          }
          products.add(p);
        },
        (n, e) ->
            failures.add(
                new Failure(
                    null,
                    null,
                    file
                        + " line "
                        + n
                        + " is not a valid"
                        + " product: "
                        + firstLine(e.getMessage()))));
    return new CatalogFile(bytes, products, failures);
  }

  /** Lines of the file: products and the lines that are not, which count as failed products. */
  public int entries() {
    return products.size() + failures.size();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
