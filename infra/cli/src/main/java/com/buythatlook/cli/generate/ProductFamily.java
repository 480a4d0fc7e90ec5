package com.buythatlook.cli.generate;

import com.buythatlook.core.catalog.Category;
import java.util.List;

/**
 * A grid of products of one garment shape: each row one pattern, each column one hue shift of the
 * family's palette (all shifts within 24°). So a row's products differ only slightly in hue, and a
 * column's share their colours exactly and differ only in pattern — colour alone cannot tell them
 * apart. Products are numbered row by row from {@code firstProductId}; a partial last row is
 * allowed.
 *
 * @param testColumn the column held out for the test split: the test products of a family share
 *     their colours (hard for a colour histogram) and all differ in pattern (learnable), and none
 *     of them has a hue-only twin in the test gallery
 */
record ProductFamily(
    Category category,
    long firstProductId,
    int size,
    int columns,
    Garment garment,
    Palette palette,
    List<Pattern> rows,
    double[] hueShifts,
    int testColumn,
    String brand) {

  long lastProductId() {
    return firstProductId + size - 1;
  }
}
