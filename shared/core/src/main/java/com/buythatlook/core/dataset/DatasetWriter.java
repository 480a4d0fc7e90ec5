package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.Polygon;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a data set in street2shop's layout (see {@link Layout}) row by row, so that a data set of
 * any size is written in bounded memory. Each JSON file is a top-level array with one row per line.
 * Not thread-safe: callers write rows from one thread, in a deterministic order.
 */
public final class DatasetWriter implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Map<String, ArrayFile> arrays = new HashMap<>();
  private final BufferedWriter photos;
  private final BufferedWriter products;

  public DatasetWriter(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve(Layout.META_DIR));
    Files.createDirectories(root.resolve(Layout.IMAGES_DIR));
    Files.createDirectories(root.resolve(Layout.PRODUCTS_JSONL).getParent());
    this.photos = Files.newBufferedWriter(root.resolve(Layout.PHOTOS_TXT));
    this.products = Files.newBufferedWriter(root.resolve(Layout.PRODUCTS_JSONL));
    // Every category gets its three files, even when empty, so readers see a complete layout.
    for (Category c : Category.values()) {
      for (Split s : Split.values()) {
        array(Layout.pairsFile(root, s, c));
      }
      array(Layout.retrievalFile(root, c));
    }
  }

  public Path root() {
    return root;
  }

  public void photo(long photoId, String uri) {
    write(photos, Layout.photoFileStem(photoId) + "," + uri + "\n");
  }

  /** A photo whose image lies under {@code images/}: its URI is the absolute file URI. */
  public void localPhoto(long photoId, Path image) {
    photo(photoId, image.toAbsolutePath().toUri().toString());
  }

  public void pair(Split split, StreetItem item) {
    ObjectNode row = JSON.createObjectNode();
    row.put("photo", item.photoId());
    row.put("product", item.productId());
    Box b = item.bbox();
    ObjectNode bbox = row.putObject("bbox");
    bbox.put("left", Math.round(b.left()));
    bbox.put("top", Math.round(b.top()));
    bbox.put("width", Math.round(b.width()));
    bbox.put("height", Math.round(b.height()));
    Polygon mask = item.mask();
    if (mask != null) {
      ArrayNode poly = row.putArray("segmentation").addArray();
      for (int i = 0; i < mask.size() * 2; i++) {
        // one decimal is sub-pixel; more only bloats the files
        poly.add(Math.round(mask.xy()[i] * 10) / 10.0);
      }
    }
    array(Layout.pairsFile(root, split, item.category())).add(row);
  }

  public void shopPhoto(ShopPhoto photo) {
    ObjectNode row = JSON.createObjectNode();
    row.put("product", photo.productId());
    row.put("photo", photo.photoId());
    array(Layout.retrievalFile(root, photo.category())).add(row);
  }

  public void product(Product product) {
    try {
      write(products, JSON.writeValueAsString(product) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (ArrayFile a : arrays.values()) {
      try {
        a.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    photos.close();
    products.close();
    if (first != null) {
      throw first;
    }
  }

  private ArrayFile array(Path file) {
    return arrays.computeIfAbsent(
        file.toString(),
        k -> {
          try {
            return new ArrayFile(Files.newBufferedWriter(file));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static void write(Writer w, String s) {
    try {
      w.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON array written one element per line. */
  private static final class ArrayFile implements Closeable {
    private final BufferedWriter out;
    private boolean first = true;

    ArrayFile(BufferedWriter out) {
      this.out = out;
      write(out, "[");
    }

    void add(ObjectNode row) {
      try {
        write(out, (first ? "\n" : ",\n") + JSON.writeValueAsString(row));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      first = false;
    }

    @Override
    public void close() throws IOException {
      out.write(first ? "]\n" : "\n]\n");
      out.close();
    }
  }
}
