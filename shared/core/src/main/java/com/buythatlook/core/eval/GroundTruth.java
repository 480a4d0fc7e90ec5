package com.buythatlook.core.eval;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;

/** One annotated object of an image, as detection AP counts it. */
public record GroundTruth(Category category, Box box) {}
