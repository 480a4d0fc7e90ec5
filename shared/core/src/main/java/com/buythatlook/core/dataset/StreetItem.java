package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.Polygon;

/**
 * One row of a {@code *_pairs_<category>.json} file: a product worn in a street photo; or one
 * annotated item of a DeepFashion2 or COCO-style data set.
 *
 * @param productId the product worn, or {@link #NO_PRODUCT} for an item that is ground truth for
 *     detection only and no retrieval query (a DeepFashion2 item without a shop match, any COCO
 *     box)
 * @param mask the item's outline, or {@code null} when the file has none (real street2shop has
 *     boxes only)
 */
public record StreetItem(long photoId, long productId, Category category, Box bbox, Polygon mask) {

  /** The product id of an item that is no retrieval query. */
  public static final long NO_PRODUCT = -1;

  /** Whether the item is a retrieval query (it has a product to find). */
  public boolean isQuery() {
    return productId != NO_PRODUCT;
  }
}
