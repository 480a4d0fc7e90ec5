package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.GarmentDetail.fill;
import static com.buythatlook.cli.generate.GarmentDetail.seam;
import static com.buythatlook.cli.generate.Shapes.ellipse;
import static com.buythatlook.cli.generate.Shapes.intersect;
import static com.buythatlook.cli.generate.Shapes.minus;
import static com.buythatlook.cli.generate.Shapes.mirror;
import static com.buythatlook.cli.generate.Shapes.polygon;
import static com.buythatlook.cli.generate.Shapes.polyline;
import static com.buythatlook.cli.generate.Shapes.rect;
import static com.buythatlook.cli.generate.Shapes.roundRect;
import static com.buythatlook.cli.generate.Shapes.stroke;
import static com.buythatlook.cli.generate.Shapes.union;

import java.awt.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Footwear, bags and belts. Shoes come as a pair, toes turned outwards so that each shows its
 * profile; bags hang from the {@link Figure}'s right hand; belts sit on the hips.
 */
final class Accessories {
  private Accessories() {}

  static GarmentDrawing sneakers() {
    Shape right =
        polygon(
            3.0, 95.6, 3.3, 93.8, 6.4, 93.3, 7.6, 94.0, 9.2, 94.8, 11.6, 95.8, 13.4, 97.0, 14.0,
            98.5, 13.6, 99.8, 12.6, 100.2, 3.8, 100.2, 2.9, 99.2);
    List<GarmentDetail> d = new ArrayList<>();
    for (Shape s : new Shape[] {right, mirror(right)}) {
      d.add(fill(intersect(s, rect(-20, 98.6, 20, 101)), DetailStyle.SOLE));
    }
    for (double[] lace :
        new double[][] {{7.2, 94.9, 8.5, 94.2}, {8.4, 95.5, 9.7, 94.9}, {9.6, 96.1, 10.9, 95.6}}) {
      d.add(seam(polyline(lace)));
      d.add(seam(mirror(polyline(lace))));
    }
    d.add(seam(polyline(4.8, 98.0, 7.8, 96.6, 10.6, 97.8)));
    d.add(seam(mirror(polyline(4.8, 98.0, 7.8, 96.6, 10.6, 97.8))));
    return GarmentDrawing.of(
        union(right, mirror(right)), 9.5, 97.4, d.toArray(GarmentDetail[]::new));
  }

  static GarmentDrawing ankleBoots() {
    Shape right =
        polygon(
            3.4, 86.0, 8.4, 86.0, 8.7, 91.5, 9.6, 93.8, 12.2, 95.4, 13.8, 97.2, 14.0, 99.0, 13.3,
            100.2, 6.8, 100.2, 6.6, 99.4, 5.0, 99.4, 4.8, 100.2, 3.3, 100.2, 3.1, 93.5);
    List<GarmentDetail> d = new ArrayList<>();
    for (Shape s : new Shape[] {right, mirror(right)}) {
      d.add(fill(intersect(s, rect(-20, 99.3, 20, 101)), DetailStyle.DARK_SOLE));
    }
    d.add(seam(polyline(3.5, 87.2, 8.4, 87.2)));
    d.add(seam(mirror(polyline(3.5, 87.2, 8.4, 87.2))));
    d.add(seam(polyline(8.6, 92.4, 9.8, 95.6, 13.6, 97.6)));
    d.add(seam(mirror(polyline(8.6, 92.4, 9.8, 95.6, 13.6, 97.6))));
    return GarmentDrawing.of(union(right, mirror(right)), 6, 91, d.toArray(GarmentDetail[]::new));
  }

  static GarmentDrawing heels() {
    Shape right =
        polygon(
            3.2, 95.0, 4.6, 95.2, 6.6, 96.5, 8.6, 96.6, 10.6, 96.0, 12.6, 96.9, 13.9, 98.3, 13.7,
            99.5, 12.4, 99.9, 8.4, 99.6, 6.4, 98.6, 5.3, 98.1, 4.7, 100.5, 4.0, 100.5, 3.7, 98.0,
            3.0, 96.5);
    List<GarmentDetail> d = new ArrayList<>();
    for (Shape s : new Shape[] {right, mirror(right)}) {
      d.add(fill(intersect(s, rect(3.9, 98.3, 5.4, 101)), DetailStyle.DARK_SOLE));
      d.add(fill(intersect(s, rect(-5.4, 98.3, -3.9, 101)), DetailStyle.DARK_SOLE));
    }
    d.add(seam(polyline(8.6, 99.2, 12.4, 99.5, 13.6, 99.1)));
    d.add(seam(mirror(polyline(8.6, 99.2, 12.4, 99.5, 13.6, 99.1))));
    return GarmentDrawing.of(
        union(right, mirror(right)), 10.2, 98, d.toArray(GarmentDetail[]::new));
  }

  static GarmentDrawing tote() {
    Shape body = polygon(11.2, 60.4, 24.6, 60.4, 25.8, 76.0, 10.0, 76.0);
    Shape handle =
        stroke(
            polyline(
                13.6, 60.8, 14.4, 56, 16.2, 53.2, 17.9, 52.6, 19.6, 53.2, 21.4, 56, 22.2, 60.8),
            1.1);
    return GarmentDrawing.of(
        union(body, handle),
        17.9,
        68.5,
        seam(polyline(10.9, 62.0, 24.9, 62.0)),
        seam(polyline(10.2, 74.6, 25.6, 74.6)),
        fill(ellipse(13.6, 61.2, 0.55, 0.55), DetailStyle.METAL),
        fill(ellipse(22.2, 61.2, 0.55, 0.55), DetailStyle.METAL));
  }

  static GarmentDrawing clutch() {
    return GarmentDrawing.of(
        roundRect(12.4, 52.6, 24.4, 60.4, 1.0),
        18.4,
        56.8,
        seam(polyline(12.5, 53.0, 18.4, 57.4, 24.3, 53.0)),
        fill(ellipse(18.4, 57.3, 0.65, 0.65), DetailStyle.METAL));
  }

  static GarmentDrawing backpack() {
    Shape body = roundRect(11.4, 57.4, 25.4, 78.6, 3.2);
    Shape handle =
        stroke(polyline(16.2, 57.8, 16.6, 54.6, 17.9, 53.6, 19.2, 54.6, 19.6, 57.8), 0.9);
    return GarmentDrawing.of(
        union(body, handle),
        18.4,
        63,
        seam(roundRect(13.2, 66.5, 23.6, 77.0, 2.0)),
        seam(polyline(13.0, 61.2, 15.5, 60.0, 21.3, 60.0, 23.8, 61.2)),
        seam(polyline(13.6, 70.0, 23.2, 70.0)),
        fill(rect(21.6, 69.6, 22.4, 71.6), DetailStyle.METAL));
  }

  static GarmentDrawing classicBelt() {
    Shape strap =
        polygon(
            -10.9, 43.0, -5, 43.5, 0, 43.7, 5, 43.5, 10.9, 43.0, 10.9, 45.8, 5, 46.3, 0, 46.5, -5,
            46.3, -10.9, 45.8);
    Shape buckle = rect(-1.8, 42.6, 1.8, 47.6);
    List<GarmentDetail> d = new ArrayList<>();
    d.add(fill(minus(buckle, rect(-1.05, 43.3, 1.05, 46.9)), DetailStyle.METAL));
    d.add(seam(polyline(-1.0, 45.1, 1.9, 45.1)));
    for (double x : new double[] {3.6, 4.8, 6.0}) {
      d.add(fill(ellipse(x, 45.15, 0.3, 0.3), DetailStyle.SHADE));
    }
    return GarmentDrawing.of(union(strap, buckle), -6, 44.9, d.toArray(GarmentDetail[]::new));
  }

  static GarmentDrawing wideBelt() {
    Shape strap =
        polygon(
            -11.0, 42.2, -5, 42.8, 0, 43.0, 5, 42.8, 11.0, 42.2, 11.0, 47.0, 5, 47.5, 0, 47.7, -5,
            47.5, -11.0, 47.0);
    Shape buckle = ellipse(0, 45.3, 2.9, 2.9);
    return GarmentDrawing.of(
        union(strap, buckle),
        -6.5,
        45,
        fill(minus(buckle, ellipse(0, 45.3, 1.9, 1.9)), DetailStyle.METAL),
        seam(polyline(-10.8, 43.1, -5, 43.6)),
        seam(polyline(5, 43.6, 10.8, 43.1)),
        seam(polyline(-10.8, 46.2, -5, 46.7)),
        seam(polyline(5, 46.7, 10.8, 46.2)));
  }

  static GarmentDrawing ringBelt() {
    Shape strap =
        polygon(
            -10.8, 43.5, -5, 43.9, 0, 44.1, 5, 43.9, 10.8, 43.5, 10.8, 45.4, 5, 45.8, 0, 46.0, -5,
            45.8, -10.8, 45.4);
    Shape rings = union(ellipse(-0.5, 44.9, 1.35, 1.35), ellipse(0.7, 44.9, 1.35, 1.35));
    Shape tail = polygon(0.8, 44.5, 3.4, 45.3, 3.2, 48.6, 1.8, 48.8);
    return GarmentDrawing.of(
        union(strap, rings, tail),
        -6,
        44.8,
        fill(
            minus(ellipse(-0.5, 44.9, 1.35, 1.35), ellipse(-0.5, 44.9, 0.85, 0.85)),
            DetailStyle.METAL),
        fill(
            minus(ellipse(0.7, 44.9, 1.35, 1.35), ellipse(0.7, 44.9, 0.85, 0.85)),
            DetailStyle.METAL));
  }
}
