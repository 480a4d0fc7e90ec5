package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;

/** One row of a {@code retrieval_<category>.json} file: a shop photo of a product. */
public record ShopPhoto(long photoId, long productId, Category category) {}
