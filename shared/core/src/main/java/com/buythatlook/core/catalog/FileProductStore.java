package com.buythatlook.core.catalog;

import com.buythatlook.core.storage.DurableFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The local runtime's {@link ProductStore}: every product in memory, loaded from and saved to a
 * {@code products.jsonl} file in the catalog format ({@code catalog/products.jsonl}: one {@link
 * Product} as JSON per line, e.g. {@code {"productId":"1","category":"bags",…,
 * "image":"images/000000001.jpg"}}), so the store can be opened straight on a data set's catalog
 * and a restart finds what was put.
 *
 * <p>Reads take no lock: they see an immutable snapshot, which {@link #putAll} replaces after the
 * file has been rewritten (to a temporary file, forced to disk, renamed over the old one), so the
 * file and the snapshot never disagree and a crash leaves the old file or the new one. Rewriting
 * the whole file suits the local runtime's catalogs of thousands of products; one process owns the
 * file.
 */
public final class FileProductStore implements ProductStore {
  /** Default settings: the same bytes per product as {@code DatasetWriter} writes. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private volatile Map<String, Product> products;

  /**
   * Opens the file, or starts empty when it does not exist yet (it is created by the first {@link
   * #putAll}).
   *
   * @throws ProductStoreException when the file cannot be read or a line is not a product
   */
  public FileProductStore(Path file) {
    this.file = Objects.requireNonNull(file, "file");
    this.products = Collections.unmodifiableMap(load(file));
  }

  public Path file() {
    return file;
  }

  /** How many products the store holds. */
  public int size() {
    return products.size();
  }

  @Override
  public Optional<Product> get(String productId) {
    return Optional.ofNullable(products.get(Objects.requireNonNull(productId, "productId")));
  }

  /** The products in the order of their first id in {@code ids}. */
  @Override
  public Map<String, Product> getAll(Collection<String> ids) {
    Map<String, Product> snapshot = products;
    Map<String, Product> out = new LinkedHashMap<>();
    for (String id : ids) {
      Product p = snapshot.get(Objects.requireNonNull(id, "product id"));
      if (p != null) {
        out.put(id, p);
      }
    }
    return out;
  }

  /**
   * Inserts or replaces, then rewrites the file; a replaced product keeps its line, new ones are
   * appended. When {@code products} holds an id twice, the last one is stored.
   *
   * @throws ProductStoreException when the file cannot be written; the store is then unchanged
   */
  @Override
  public synchronized void putAll(Collection<Product> toPut) {
    Map<String, Product> next = new LinkedHashMap<>(products);
    for (Product p : toPut) {
      next.put(p.productId(), p);
    }
    save(next);
    products = Collections.unmodifiableMap(next);
  }

  private static Map<String, Product> load(Path file) {
    Map<String, Product> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      ProductsJsonl.read(
          r,
          // a later line for the same id wins, as with putAll
          (n, p) -> out.put(p.productId(), p),
          (n, e) -> {
            throw new ProductStoreException(
                file
                    + " line "
                    + n
                    + " is not a product ("
                    + e.getMessage()
                    + "); fix or delete"
                    + " that line",
                e);
          });
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException | UncheckedIOException e) {
      throw new ProductStoreException("could not read products from " + file + ": " + e, e);
    }
    return out;
  }

  private void save(Map<String, Product> all) {
    try {
      DurableFiles.replace(
          file,
          ".tmp",
          out -> {
            for (Product p : all.values()) {
              out.write(JSON.writeValueAsBytes(p));
              out.write('\n');
            }
          });
    } catch (IOException e) {
      throw new ProductStoreException("could not write products to " + file + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "FileProductStore[" + file + ", " + products.size() + " products]";
  }
}
