package com.buythatlook.cli.generate;

import java.awt.Shape;

/**
 * One painted detail of a garment, in body units.
 *
 * @param width line width in body units for stroked styles ({@link DetailStyle#SEAM}, {@link
 *     DetailStyle#FOLD}); ignored by filled ones
 */
record GarmentDetail(Shape shape, DetailStyle style, double width) {

  static GarmentDetail seam(Shape path) {
    return new GarmentDetail(path, DetailStyle.SEAM, 0.35);
  }

  static GarmentDetail fold(Shape path) {
    return new GarmentDetail(path, DetailStyle.FOLD, 1.2);
  }

  static GarmentDetail fill(Shape shape, DetailStyle style) {
    return new GarmentDetail(shape, style, 0);
  }
}
