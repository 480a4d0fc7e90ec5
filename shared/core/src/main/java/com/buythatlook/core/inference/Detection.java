package com.buythatlook.core.inference;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;

/** One detected fashion item: its catalog category, confidence in [0, 1] and box in pixels. */
public record Detection(Category category, double score, Box box) {}
