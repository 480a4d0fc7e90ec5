package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.GarmentDetail.fold;
import static com.buythatlook.cli.generate.GarmentDetail.seam;
import static com.buythatlook.cli.generate.Shapes.polyline;
import static com.buythatlook.cli.generate.Shapes.symmetric;

import java.util.ArrayList;
import java.util.List;

/**
 * Pants, leggings and skirts, worn from the {@link Figure}'s hips ({@code y ≈ 43.5}) down. Pants
 * and leggings are one outline with a notch between the legs; leggings hug the leg, pants do not.
 */
final class LegGarments {
  private LegGarments() {}

  static GarmentDrawing straightPants() {
    return pants(
        symmetric(
            0, 43.4, 10.8, 43.4, 11.8, 49, 11.2, 60, 10.4, 72, 9.9, 96, 2.5, 96, 1.8, 72, 1.0, 60,
            0.4, 53.6, 0, 53.6),
        6.2,
        95);
  }

  static GarmentDrawing wideLegPants() {
    return pants(
        symmetric(
            0, 43.4, 10.8, 43.4, 12.2, 51, 13.4, 70, 15.0, 96, 1.0, 96, 0.8, 72, 0.5, 54.2, 0,
            54.2),
        7.5,
        95);
  }

  static GarmentDrawing croppedPants() {
    GarmentDrawing base =
        pants(
            symmetric(
                0, 43.4, 10.8, 43.4, 11.8, 49, 11.0, 62, 9.7, 75, 8.4, 88, 3.2, 88, 2.4, 75, 1.2,
                62, 0.4, 53.6, 0, 53.6),
            6.0,
            87);
    List<GarmentDetail> d = new ArrayList<>(base.details());
    d.add(seam(polyline(3.0, 86.4, 8.7, 86.4)));
    d.add(seam(polyline(-3.0, 86.4, -8.7, 86.4)));
    return GarmentDrawing.of(
        base.body(), base.anchorX(), base.anchorY(), d.toArray(GarmentDetail[]::new));
  }

  static GarmentDrawing fullLeggings() {
    return leggings(
        symmetric(
            0, 43.4, 10.6, 43.4, 11.7, 48, 11.0, 58, 10.0, 68, 9.3, 73, 8.2, 84, 7.3, 94.2, 3.1,
            94.2, 2.6, 84, 2.0, 73, 1.2, 62, 0.3, 52.2, 0, 52.2),
        62);
  }

  static GarmentDrawing capriLeggings() {
    return leggings(
        symmetric(
            0, 43.4, 10.6, 43.4, 11.7, 48, 11.0, 58, 10.0, 68, 9.3, 73, 8.3, 82.5, 2.7, 82.5, 2.0,
            73, 1.2, 62, 0.3, 52.2, 0, 52.2),
        60);
  }

  static GarmentDrawing bikeShorts() {
    return leggings(
        symmetric(
            0, 43.4, 10.6, 43.4, 11.7, 48, 11.1, 56, 10.6, 63.5, 1.4, 63.5, 1.0, 58, 0.3, 52.2, 0,
            52.2),
        55);
  }

  static GarmentDrawing aLineSkirt() {
    return GarmentDrawing.of(
        symmetric(0, 43.4, 10.2, 43.4, 11.2, 47, 14.5, 58, 17.4, 68.5, 0, 68.5),
        0,
        56,
        seam(polyline(-10.6, 45.4, 10.6, 45.4)),
        seam(polyline(-17.2, 67.5, 17.2, 67.5)),
        fold(polyline(3, 47, 4.5, 67.5)),
        fold(polyline(-4, 47, -6.5, 67.5)),
        fold(polyline(8, 47, 12.5, 67.5)));
  }

  static GarmentDrawing pencilSkirt() {
    return GarmentDrawing.of(
        symmetric(0, 43.4, 10.1, 43.4, 11.4, 48, 11.9, 53, 11.6, 61, 10.8, 70.5, 0, 70.5),
        0,
        55,
        seam(polyline(-10.6, 45.4, 10.6, 45.4)),
        seam(polyline(2.8, 64, 2.8, 70.5)),
        seam(polyline(-10.7, 69.6, 10.7, 69.6)),
        fold(polyline(-5, 50, -5.5, 68)));
  }

  static GarmentDrawing pleatedMini() {
    List<GarmentDetail> d = new ArrayList<>();
    d.add(seam(polyline(-10.8, 45.6, 10.8, 45.6)));
    for (double x = -14; x <= 14.01; x += 3.5) {
      d.add(seam(polyline(x * 0.72, 45.8, x, 60.4)));
    }
    return GarmentDrawing.of(
        symmetric(0, 43.4, 10.2, 43.4, 11.6, 47.5, 14.6, 55, 16.6, 60.6, 0, 60.6),
        0,
        52,
        d.toArray(GarmentDetail[]::new));
  }

  private static GarmentDrawing pants(java.awt.Shape outline, double creaseX, double creaseEnd) {
    return GarmentDrawing.of(
        outline,
        -6,
        60,
        seam(polyline(-11, 45.3, 11, 45.3)),
        seam(polyline(1.7, 45.5, 1.7, 50.5, 0.2, 52.2)),
        seam(polyline(7.8, 45.4, 10.9, 50.5)),
        seam(polyline(-7.8, 45.4, -10.9, 50.5)),
        fold(polyline(creaseX, 52, creaseX + 0.4, creaseEnd)),
        fold(polyline(-creaseX, 52, -creaseX - 0.4, creaseEnd)));
  }

  private static GarmentDrawing leggings(java.awt.Shape outline, double anchorY) {
    return GarmentDrawing.of(
        outline,
        -6,
        anchorY,
        seam(polyline(-11, 45.0, 11, 45.0)),
        fold(polyline(6.5, 66, 6.0, 76)),
        fold(polyline(-6.5, 66, -6.0, 76)));
  }
}
