package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;

/**
 * A shop photo of a product: one row of a {@code retrieval_<category>.json} file (the whole photo
 * is the gallery entry), or one item of a DeepFashion2 shop image (only its box is).
 *
 * @param box the item's box in the photo, or {@code null} for the whole photo
 */
public record ShopPhoto(long photoId, long productId, Category category, Box box) {

  /** A whole shop photo, as street2shop lists them. */
  public ShopPhoto(long photoId, long productId, Category category) {
    this(photoId, productId, category, null);
  }
}
