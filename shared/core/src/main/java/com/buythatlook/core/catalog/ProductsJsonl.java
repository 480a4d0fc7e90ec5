package com.buythatlook.core.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the catalog format, {@code products.jsonl}: one {@link Product} as JSON per line. Blank
 * lines are skipped; a line that is not a product goes to the caller's {@link BadLine}, which
 * decides whether the file is refused (it throws) or the line is skipped (it returns). Line numbers
 * start at 1 and count blank lines, as an editor does.
 */
public final class ProductsJsonl {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ProductsJsonl() {}

  /** Receives each product read, with its line number. */
  @FunctionalInterface
  public interface ProductLine {
    void accept(int lineNumber, Product product);
  }

  /** Receives each line that is not a product; throws to stop reading, returns to skip it. */
  @FunctionalInterface
  public interface BadLine {
    void reject(int lineNumber, Exception cause);
  }

  /** Every product of {@code file} (UTF-8), in file order. */
  public static List<Product> read(Path file, BadLine onBad) throws IOException {
    List<Product> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      read(r, (n, p) -> out.add(p), onBad);
    }
    return out;
  }

  /** Every product of a file's bytes (UTF-8), in file order. */
  public static List<Product> parse(byte[] utf8, BadLine onBad) {
    List<Product> out = new ArrayList<>();
    parse(utf8, (n, p) -> out.add(p), onBad);
    return out;
  }

  /** Hands each product of a file's bytes (UTF-8) to {@code onProduct}, in file order. */
  public static void parse(byte[] utf8, ProductLine onProduct, BadLine onBad) {
    try {
      read(
          new BufferedReader(new StringReader(new String(utf8, StandardCharsets.UTF_8))),
          onProduct,
          onBad);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
  }

  /** Hands each product {@code in} yields to {@code onProduct}, in order. */
  public static void read(BufferedReader in, ProductLine onProduct, BadLine onBad)
      throws IOException {
    String line;
    int n = 0;
    while ((line = in.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      Product p;
      try {
        p = parseLine(line);
      } catch (IOException | IllegalArgumentException | NullPointerException e) {
        onBad.reject(n, e);
        continue;
      }
      onProduct.accept(n, p);
    }
  }

  /**
   * One line as a product.
   *
   * @throws IOException when it is not JSON or not a product's fields
   * @throws IllegalArgumentException when a field's value is not allowed (a negative price, say)
   */
  public static Product parseLine(String line) throws IOException {
    Product p = JSON.readValue(line.strip(), Product.class);
    if (p == null) {
      throw new IllegalArgumentException("null is not a product");
    }
    return p;
  }
}
