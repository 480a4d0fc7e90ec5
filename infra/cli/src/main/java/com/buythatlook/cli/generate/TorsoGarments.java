package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.GarmentDetail.fill;
import static com.buythatlook.cli.generate.GarmentDetail.fold;
import static com.buythatlook.cli.generate.GarmentDetail.seam;
import static com.buythatlook.cli.generate.Shapes.ellipse;
import static com.buythatlook.cli.generate.Shapes.mirror;
import static com.buythatlook.cli.generate.Shapes.polyline;
import static com.buythatlook.cli.generate.Shapes.rect;
import static com.buythatlook.cli.generate.Shapes.symmetric;

import java.util.ArrayList;
import java.util.List;

/**
 * Tops, outerwear and dresses, drawn over the torso of the {@link Figure}: their sleeves follow its
 * arms and their hems fall where such a garment ends (hip, thigh, knee, ankle).
 */
final class TorsoGarments {
  private TorsoGarments() {}

  static GarmentDrawing tShirt() {
    return GarmentDrawing.of(
        symmetric(
            0, 20.5, 1.9, 19.8, 3.1, 18.2, 3.7, 16.2, 12.4, 17.8, 17.2, 27.6, 12.0, 30.2, 11.1,
            28.0, 9.9, 38, 10.8, 44, 11.9, 48, 0, 48),
        0,
        29,
        seam(
            polyline(-3.9, 17.0, -3.0, 19.0, -1.8, 20.5, 0, 21.2, 1.8, 20.5, 3.0, 19.0, 3.9, 17.0)),
        seam(polyline(16.5, 26.6, 11.9, 29.0)),
        seam(polyline(-16.5, 26.6, -11.9, 29.0)),
        seam(polyline(-12, 47.0, 12, 47.0)),
        fold(polyline(-5.5, 39, -3.8, 47)),
        fold(polyline(4.5, 36, 6.5, 46.5)));
  }

  static GarmentDrawing tankTop() {
    return GarmentDrawing.of(
        symmetric(
            0, 24.0, 2.4, 23.4, 3.8, 21.2, 4.5, 17.2, 7.0, 17.2, 8.0, 21.0, 9.5, 24.8, 10.6, 27.5,
            9.8, 38, 10.8, 44, 11.9, 48, 0, 48),
        0,
        34,
        seam(
            polyline(-4.9, 17.4, -4.1, 21.6, -2.6, 24.1, 0, 24.8, 2.6, 24.1, 4.1, 21.6, 4.9, 17.4)),
        seam(polyline(6.6, 17.4, 7.5, 21.4, 9.0, 25.0, 10.2, 27.8)),
        seam(polyline(-6.6, 17.4, -7.5, 21.4, -9.0, 25.0, -10.2, 27.8)),
        seam(polyline(-12, 47.0, 12, 47.0)),
        fold(polyline(-4.5, 38, -3.5, 47)));
  }

  static GarmentDrawing longSleeve() {
    return GarmentDrawing.of(
        symmetric(
            0, 19.6, 1.8, 19.1, 3.1, 17.8, 3.7, 16.2, 12.4, 17.8, 15.4, 25.5, 17.4, 33.6, 19.6,
            49.8, 15.0, 50.4, 13.3, 35.5, 11.6, 29.0, 9.9, 38, 10.8, 44, 11.9, 48, 0, 48),
        0,
        29,
        seam(
            polyline(-3.9, 16.9, -2.9, 18.7, -1.6, 19.8, 0, 20.3, 1.6, 19.8, 2.9, 18.7, 3.9, 16.9)),
        seam(polyline(15.2, 48.6, 19.4, 48.2)),
        seam(polyline(-15.2, 48.6, -19.4, 48.2)),
        seam(polyline(12.6, 18.6, 12.1, 27.5)),
        seam(polyline(-12.6, 18.6, -12.1, 27.5)),
        seam(polyline(-12, 47.0, 12, 47.0)),
        fold(polyline(15.5, 30, 16.6, 40)),
        fold(polyline(-15.5, 30, -16.6, 40)),
        fold(polyline(-5, 38, -3.8, 47)));
  }

  static GarmentDrawing jacket() {
    List<GarmentDetail> d = new ArrayList<>(sleeveDetails());
    d.add(fill(rect(-0.28, 24.0, 0.28, 54.5), DetailStyle.METAL));
    d.add(seam(polyline(4.4, 15.8, 5.8, 20.5, 2.4, 26.5)));
    d.add(seam(polyline(-4.4, 15.8, -5.8, 20.5, -2.4, 26.5)));
    d.add(seam(polyline(5.2, 45.6, 9.6, 44.4)));
    d.add(seam(polyline(-5.2, 45.6, -9.6, 44.4)));
    d.add(seam(polyline(-13.3, 52.6, 13.3, 52.6)));
    return GarmentDrawing.of(
        symmetric(
            0, 24.0, 2.2, 21.0, 3.6, 17.6, 4.4, 15.8, 12.9, 17.6, 15.9, 25.5, 18.0, 33.6, 20.2,
            50.3, 14.6, 51.0, 12.9, 36.0, 11.9, 30, 11.4, 40, 12.0, 47, 13.2, 54.5, 0, 54.5),
        -6,
        31,
        d.toArray(GarmentDetail[]::new));
  }

  static GarmentDrawing longCoat() {
    List<GarmentDetail> d = new ArrayList<>(sleeveDetails());
    for (double y : new double[] {31, 39, 47}) {
      d.add(fill(ellipse(2.4, y, 0.7, 0.7), DetailStyle.SHADE));
      d.add(fill(ellipse(-2.4, y, 0.7, 0.7), DetailStyle.SHADE));
    }
    d.add(seam(polyline(4.6, 15.8, 7.4, 23.8, 2.6, 29.5)));
    d.add(seam(polyline(-4.6, 15.8, -7.4, 23.8, -2.6, 29.5)));
    d.add(seam(polyline(0.4, 25.0, 0.4, 77)));
    d.add(seam(polyline(6.0, 55.0, 10.8, 54.2)));
    d.add(seam(polyline(-6.0, 55.0, -10.8, 54.2)));
    d.add(fold(polyline(7.5, 58, 10.5, 76)));
    d.add(fold(polyline(-7.5, 58, -10.5, 76)));
    return GarmentDrawing.of(
        symmetric(
            0, 25.0, 2.4, 22.0, 4.0, 18.0, 4.6, 15.8, 12.9, 17.6, 15.9, 25.5, 18.0, 33.6, 20.2,
            50.3, 14.6, 51.0, 12.9, 36.0, 11.9, 30, 11.2, 40, 12.6, 52, 15.4, 77, 0, 77),
        -6.5,
        36,
        d.toArray(GarmentDetail[]::new));
  }

  static GarmentDrawing pufferVest() {
    List<GarmentDetail> d = new ArrayList<>();
    for (double y = 23.5; y < 52; y += 5.5) {
      d.add(seam(polyline(-14, y, 14, y)));
    }
    d.add(fill(rect(-0.25, 19.6, 0.25, 52.5), DetailStyle.METAL));
    d.add(seam(polyline(-5.0, 16.0, -3.0, 18.8, 0, 19.9, 3.0, 18.8, 5.0, 16.0)));
    return GarmentDrawing.of(
        symmetric(
            0, 19.6, 2.2, 18.6, 3.8, 16.0, 5.2, 15.4, 9.8, 17.2, 10.4, 21.5, 11.6, 27.0, 11.9, 40,
            12.6, 47, 13.4, 52.5, 0, 52.5),
        -6,
        33,
        d.toArray(GarmentDetail[]::new));
  }

  static GarmentDrawing aLineDress() {
    return GarmentDrawing.of(
        symmetric(
            0, 22.8, 2.6, 22.0, 3.9, 19.5, 4.4, 17.4, 6.8, 17.4, 8.0, 21.5, 9.8, 25.6, 10.4, 28.5,
            9.4, 35, 9.1, 40, 11.0, 45, 14.5, 57, 18.2, 70, 0, 70),
        0,
        30,
        seam(polyline(-9.1, 40, 0, 40.6, 9.1, 40)),
        seam(polyline(-18, 69, 18, 69)),
        fold(polyline(3, 45, 5, 69)),
        fold(polyline(-4, 45, -7, 69)),
        fold(polyline(8.5, 46, 12.8, 69)),
        fold(polyline(-9, 46, -13.5, 69)));
  }

  static GarmentDrawing sheathDress() {
    return GarmentDrawing.of(
        symmetric(
            0, 20.2, 1.9, 19.6, 3.1, 18.0, 3.7, 16.2, 12.4, 17.8, 16.8, 26.8, 12.0, 29.6, 11.0,
            27.8, 9.6, 35, 9.3, 40, 10.9, 46, 11.6, 52, 11.3, 60, 10.6, 66.5, 0, 66.5),
        0,
        28,
        seam(
            polyline(-3.9, 17.0, -3.0, 19.0, -1.8, 20.4, 0, 21.0, 1.8, 20.4, 3.0, 19.0, 3.9, 17.0)),
        seam(polyline(16.1, 25.9, 11.9, 28.4)),
        seam(polyline(-16.1, 25.9, -11.9, 28.4)),
        seam(polyline(4.6, 33, 4.2, 41)),
        seam(polyline(-4.6, 33, -4.2, 41)),
        seam(polyline(-10.8, 65.5, 10.8, 65.5)),
        fold(polyline(5, 48, 5.5, 65)));
  }

  static GarmentDrawing maxiDress() {
    return GarmentDrawing.of(
        symmetric(
            0, 24.5, 3.0, 23.2, 4.8, 20.0, 5.6, 17.6, 6.4, 17.6, 8.4, 22.5, 10.2, 26.5, 10.4, 29.5,
            9.3, 36, 9.2, 40, 11.8, 50, 14.6, 72, 17.6, 93, 0, 93),
        0,
        31,
        seam(polyline(-9.2, 40, 0, 40.8, 9.2, 40)),
        seam(polyline(-17.5, 92, 17.5, 92)),
        fold(polyline(3, 46, 4.5, 92)),
        fold(polyline(-3.5, 46, -6, 92)),
        fold(polyline(9, 50, 13.5, 92)),
        fold(polyline(-9.5, 50, -14, 92)));
  }

  private static List<GarmentDetail> sleeveDetails() {
    return List.of(
        seam(polyline(15.0, 48.5, 20.0, 48.0)),
        seam(mirror(polyline(15.0, 48.5, 20.0, 48.0))),
        seam(polyline(13.1, 18.4, 12.4, 29.5)),
        seam(mirror(polyline(13.1, 18.4, 12.4, 29.5))),
        fold(polyline(16.0, 30, 17.2, 41)),
        fold(mirror(polyline(16.0, 30, 17.2, 41))));
  }
}
