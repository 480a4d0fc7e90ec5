package com.buythatlook.cli.generate;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * A garment shape in body units (see {@link Figure}), positioned where it is worn: the same
 * coordinates place it on a person in a street photo and frame it alone in a shop photo.
 *
 * @param body the cloth area; the texture fills it
 * @param details seams, soles, buckles… painted over the texture, clipped to {@code body}
 * @param anchorX where a logo or colour-block split sits (a chest, a thigh, a bag's front)
 * @param outline {@code body}'s outline as one polygon, for the pairs' {@code segmentation}
 */
record GarmentDrawing(
    Area body,
    List<GarmentDetail> details,
    double anchorX,
    double anchorY,
    Rectangle2D bounds,
    double[] outline) {

  static GarmentDrawing of(Shape body, double anchorX, double anchorY, GarmentDetail... details) {
    Area area = body instanceof Area a ? a : new Area(body);
    return new GarmentDrawing(
        area, List.of(details), anchorX, anchorY, area.getBounds2D(), Outline.of(area, 0.05, 0.08));
  }
}
