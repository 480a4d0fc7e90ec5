package com.buythatlook.cli.generate;

/**
 * A product on a person in a street photo.
 *
 * @param garmentToImage body units of the garment → photo pixels: the person's own homography with
 *     a small extra warp of the garment, so clothes do not sit exactly alike on everyone
 * @param number the item's 1-based number in the photo (its id in the owner map)
 */
record WornItem(ProductSpec product, Homography garmentToImage, int number) {}
