package com.buythatlook.cli.generate;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.dataset.Split;

/**
 * Everything the generator knows about one product: how it looks and how the catalogue lists it.
 * {@code group} names its variants: the products of one family row, which differ only in colour.
 */
record ProductSpec(
    long productId,
    Category category,
    Garment garment,
    Texture texture,
    Split split,
    int shopPhotoCount,
    String title,
    String brand,
    double price,
    String colour,
    String group) {

  static final String CURRENCY = "USD";

  /** The products.jsonl row; {@code image} is the first shop photo, relative to the data set. */
  Product toProduct(String image) {
    return new Product(
        Long.toString(productId),
        category,
        title,
        brand,
        price,
        CURRENCY,
        colour,
        texture.pattern().kind().wireName(),
        image,
        group);
  }
}
