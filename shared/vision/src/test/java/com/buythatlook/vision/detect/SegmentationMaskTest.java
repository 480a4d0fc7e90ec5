package com.buythatlook.vision.detect;

import static com.buythatlook.vision.detect.OnnxDetectorTest.assertDetection;
import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.RunLengthMask;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.vision.onnx.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The YOLOv8-seg fixture: prototype 0 is +10 on rows 7..9, columns 2..5 of its 16×16 grid and −10
 * elsewhere; anchor 0 uses it, anchor 2 uses an all-negative prototype. For a 128×64 photo (scale
 * 0.5, 16 rows of padding) a photo pixel (X, Y) samples the grid bilinearly at u = (X + ½)/8 − ½, v
 * = (Y + ½)/8 + 3.5: the prototype covers X ∈ [16, 47], Y ∈ [24, 47] with corners rounded by the
 * interpolation; cut by anchor 0's box [30, 50) × [18, 38).
 */
class SegmentationMaskTest {

  private static final RgbImage PHOTO = Fixtures.solid(128, 64, 0, 0, 0);

  @Test
  void masksOfKeptBoxesAreCutByTheBoxAndMappedToPhotoPixels() {
    try (OnnxDetector detector =
        OnnxDetector.open(Fixtures.model("yolov8-seg"), DetectorOptions.DEFAULT.withMasks(true))) {
      List<DetectedInstance> found = detector.detectInstances(PHOTO);

      assertThat(found).hasSize(4);
      assertDetection(found.get(0).detection(), Category.TOPS, 0.90, new Box(30, 18, 20, 20));
      RunLengthMask top = found.get(0).mask();
      assertThat(top.width()).isEqualTo(128);
      assertThat(top.height()).isEqualTo(64);
      assertMaskIs(
          top,
          (x, y) ->
              x >= 30
                  && x < 50
                  && y >= 18
                  && y < 38
                  && coverage((x + 0.5) / 8 - 0.5, 2, 5) * coverage((y + 0.5) / 8 + 3.5, 7, 9)
                      > 0.5);
      // the straight edges are exact: columns 30..47 on row 30, rows 24..37 on column 40
      boolean[] px = top.decode();
      assertThat(px[30 * 128 + 47]).isTrue();
      assertThat(px[30 * 128 + 48]).isFalse();
      assertThat(px[24 * 128 + 40]).isTrue();
      assertThat(px[23 * 128 + 40]).isFalse();
      assertThat(px[37 * 128 + 40]).isTrue();
      assertThat(top.area()).isBetween(18L * 14 - 8, 18L * 14);

      // anchor 2 (skirt) uses the all-negative prototype; anchor 5's box misses prototype 0
      assertThat(found.get(1).mask().area()).isZero();
      assertThat(found.get(2).mask().area()).isZero();
    }
  }

  @Test
  void masksAreOnlyComputedWhenAskedFor() {
    try (OnnxDetector detector = OnnxDetector.open(Fixtures.model("yolov8-seg"))) {
      assertThat(detector.detectInstances(PHOTO)).allSatisfy(i -> assertThat(i.mask()).isNull());
    }
  }

  /** Bilinear sample, clamped at the grid border, of the indicator of cells lo..hi. */
  static double coverage(double u, int lo, int hi) {
    double c = Math.max(0, Math.min(15, u));
    int i = (int) Math.floor(c);
    double d = c - i;
    double a = i >= lo && i <= hi ? 1 : 0;
    double b = i + 1 >= lo && i + 1 <= hi && i + 1 <= 15 ? 1 : i + 1 > 15 ? a : 0;
    return a * (1 - d) + b * d;
  }

  interface PixelRule {
    boolean set(int x, int y);
  }

  static void assertMaskIs(RunLengthMask mask, PixelRule expected) {
    boolean[] actual = mask.decode();
    for (int y = 0; y < mask.height(); y++) {
      for (int x = 0; x < mask.width(); x++) {
        assertThat(actual[y * mask.width() + x])
            .as("pixel %d,%d", x, y)
            .isEqualTo(expected.set(x, y));
      }
    }
  }
}
