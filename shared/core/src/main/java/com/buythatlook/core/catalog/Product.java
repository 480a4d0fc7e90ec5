package com.buythatlook.core.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One catalog product, as one line of {@code catalog/products.jsonl}.
 *
 * @param productId catalog-wide unique id (the street2shop product id as a string for the synthetic
 *     set)
 * @param image path of the product's main image, relative to the data set root
 * @param group optional variant group: products that are the same item in another colour share it
 *     (the web page shows one card per group); {@code null} when the catalog has none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Product(
    String productId,
    Category category,
    String title,
    String brand,
    double price,
    String currency,
    String colour,
    String pattern,
    String image,
    String group) {

  /** A product without a variant group. */
  public Product(
      String productId,
      Category category,
      String title,
      String brand,
      double price,
      String currency,
      String colour,
      String pattern,
      String image) {
    this(productId, category, title, brand, price, currency, colour, pattern, image, null);
  }

  public Product {
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(category, "category");
    if (!(price >= 0) || Double.isInfinite(price)) {
      throw new IllegalArgumentException("price must be a finite non-negative number: " + price);
    }
  }
}
