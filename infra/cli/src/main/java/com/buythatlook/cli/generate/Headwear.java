package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.GarmentDetail.fill;
import static com.buythatlook.cli.generate.GarmentDetail.seam;
import static com.buythatlook.cli.generate.Shapes.ellipse;
import static com.buythatlook.cli.generate.Shapes.intersect;
import static com.buythatlook.cli.generate.Shapes.mirror;
import static com.buythatlook.cli.generate.Shapes.polygon;
import static com.buythatlook.cli.generate.Shapes.polyline;
import static com.buythatlook.cli.generate.Shapes.rect;
import static com.buythatlook.cli.generate.Shapes.roundRect;
import static com.buythatlook.cli.generate.Shapes.stroke;
import static com.buythatlook.cli.generate.Shapes.union;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * Hats and eyewear on the {@link Figure}'s head (top at {@code y = 0}, eyes at {@code y ≈ 6.5}).
 * Hats end above the eyes so a hat and glasses can be worn together.
 */
final class Headwear {
  private Headwear() {}

  static GarmentDrawing cap() {
    Shape crown = intersect(ellipse(0, 4.0, 5.9, 6.0), rect(-7, -3, 7, 4.0));
    Shape brim = ellipse(0, 4.0, 6.7, 1.0);
    return GarmentDrawing.of(
        union(crown, brim),
        0,
        1.2,
        seam(polyline(0, -1.9, 0, 3.2)),
        seam(polyline(-2.6, -1.2, -4.4, 3.3)),
        seam(polyline(2.6, -1.2, 4.4, 3.3)),
        seam(polyline(-6.4, 4.0, 6.4, 4.0)),
        fill(ellipse(0, -1.9, 0.55, 0.4), DetailStyle.SHADE));
  }

  static GarmentDrawing wideBrimHat() {
    Shape crown = roundRect(-4.9, -3.6, 4.9, 3.6, 2.2);
    Shape brim = ellipse(0, 3.4, 13.2, 1.6);
    return GarmentDrawing.of(
        union(crown, brim),
        0,
        -0.8,
        fill(rect(-5, 1.2, 5, 2.8), DetailStyle.SHADE),
        seam(polyline(-2.5, -3.2, 0, -2.4, 2.5, -3.2)),
        seam(polyline(-12.4, 3.6, -6, 4.3, 0, 4.5, 6, 4.3, 12.4, 3.6)));
  }

  static GarmentDrawing beanie() {
    Shape dome = intersect(ellipse(0, 3.8, 5.9, 6.0), rect(-7, -3, 7, 3.8));
    Shape cuff = roundRect(-6.1, 2.2, 6.1, 5.0, 0.8);
    Shape pompom = ellipse(0, -3.0, 1.9, 1.9);
    List<GarmentDetail> d = new ArrayList<>();
    for (double x = -5.4; x <= 5.41; x += 0.9) {
      d.add(seam(polyline(x, 2.5, x, 4.8)));
    }
    d.add(seam(polyline(-6.0, 2.3, 6.0, 2.3)));
    return GarmentDrawing.of(union(dome, cuff, pompom), 0, 3.6, d.toArray(GarmentDetail[]::new));
  }

  static GarmentDrawing roundGlasses() {
    Shape rim = ellipse(2.5, 6.4, 2.25, 2.25);
    return glasses(rim, ellipse(2.5, 6.4, 1.55, 1.55), 5.6);
  }

  static GarmentDrawing squareGlasses() {
    Shape rim = roundRect(0.55, 4.7, 4.85, 8.1, 0.7);
    return glasses(rim, roundRect(1.3, 5.4, 4.1, 7.4, 0.4), 5.3);
  }

  static GarmentDrawing aviators() {
    Shape rim =
        polygon(0.7, 5.0, 4.6, 4.8, 4.95, 5.6, 4.6, 7.4, 3.5, 8.6, 2.0, 8.7, 1.0, 7.9, 0.6, 6.4);
    Shape lens =
        AffineTransform.getTranslateInstance(2.75, 6.7)
            .createTransformedShape(
                AffineTransform.getScaleInstance(0.72, 0.7)
                    .createTransformedShape(
                        AffineTransform.getTranslateInstance(-2.75, -6.7)
                            .createTransformedShape(rim)));
    return glasses(rim, lens, 5.2);
  }

  /** Two rims (the right one given), a bridge and temple stubs; lenses are tinted glass. */
  private static GarmentDrawing glasses(Shape rightRim, Shape rightLens, double templeY) {
    Shape bridge = stroke(polyline(-1.2, 5.9, 0, 5.3, 1.2, 5.9), 0.6);
    Shape temple = rect(4.5, templeY, 5.5, templeY + 0.7);
    Shape frame = union(rightRim, mirror(rightRim), bridge, temple, mirror(temple));
    return GarmentDrawing.of(
        frame,
        -2.5,
        6.4,
        fill(rightLens, DetailStyle.LENS),
        fill(mirror(rightLens), DetailStyle.LENS),
        fill(ellipse(1.9, 5.7, 0.55, 0.3), DetailStyle.HIGHLIGHT),
        fill(ellipse(-3.1, 5.7, 0.55, 0.3), DetailStyle.HIGHLIGHT));
  }
}
