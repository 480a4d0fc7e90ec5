package com.buythatlook.cli.generate;

import java.util.List;

/**
 * A person in a street photo.
 *
 * @param bodyToImage body units ({@link Figure}) → photo pixels, with the person's tilt and
 *     perspective
 * @param light how brightly the person is lit (1 = as drawn)
 * @param items what they wear, in the order it is put on (inner layers first)
 */
record Person(
    Homography bodyToImage,
    int skin,
    int hair,
    Figure.HairStyle hairStyle,
    double light,
    List<WornItem> items) {}
