package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.Polygon;

/**
 * One row of a {@code *_pairs_<category>.json} file: a product worn in a street photo.
 *
 * @param mask the item's outline, or {@code null} when the file has none (real street2shop has
 *     boxes only)
 */
public record StreetItem(long photoId, long productId, Category category, Box bbox, Polygon mask) {}
