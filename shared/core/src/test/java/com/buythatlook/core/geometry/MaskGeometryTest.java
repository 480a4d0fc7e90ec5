package com.buythatlook.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskGeometryTest {

  private static final Polygon SQUARE = new Polygon(new double[] {2, 2, 6, 2, 6, 6, 2, 6});
  private static final Polygon TRIANGLE = new Polygon(new double[] {0, 0, 8, 0, 0, 8});

  @Test
  void shoelaceAreaIgnoresOrientation() {
    assertThat(SQUARE.area()).isEqualTo(16.0);
    assertThat(new Polygon(new double[] {2, 6, 6, 6, 6, 2, 2, 2}).area()).isEqualTo(16.0);
    assertThat(TRIANGLE.area()).isEqualTo(32.0);
  }

  @Test
  void boundsOfAPolygonAreItsExtremes() {
    assertThat(TRIANGLE.bounds()).isEqualTo(new Box(0, 0, 8, 8));
  }

  @Test
  void rasterisedSquareCoversExactlyItsPixels() {
    boolean[] mask = SQUARE.rasterize(10, 10);
    int count = 0;
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 10; x++) {
        boolean inside = x >= 2 && x < 6 && y >= 2 && y < 6;
        assertThat(mask[y * 10 + x]).as("pixel %d,%d", x, y).isEqualTo(inside);
        count += mask[y * 10 + x] ? 1 : 0;
      }
    }
    assertThat(count).isEqualTo(16);
  }

  @Test
  void rasterisedTriangleAreaIsCloseToItsGeometricArea() {
    boolean[] mask = TRIANGLE.rasterize(8, 8);
    int count = 0;
    for (boolean b : mask) {
      count += b ? 1 : 0;
    }
    // pixel centres strictly below the diagonal x + y < 8: 28 of 64
    assertThat(count).isEqualTo(28);
  }

  @Test
  void runLengthFollowsCocoColumnMajorOrder() {
    // 3x2 image, row-major:  . X .
    //                        . X X
    boolean[] mask = {false, true, false, false, true, true};
    RunLengthMask rle = RunLengthMask.encode(mask, 3, 2);
    // column-major pixels: (0,0)=0 (0,1)=0 | (1,0)=1 (1,1)=1 | (2,0)=0 (2,1)=1
    assertThat(rle.counts()).containsExactly(2, 2, 1, 1);
    assertThat(rle.area()).isEqualTo(3);
    assertThat(rle.decode()).containsExactly(mask);
  }

  @Test
  void runLengthRoundTripsRandomMasks() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int t = 0; t < 50; t++) {
      int w = 1 + rnd.nextInt(17);
      int h = 1 + rnd.nextInt(13);
      boolean[] mask = new boolean[w * h];
      for (int i = 0; i < mask.length; i++) {
        mask[i] = rnd.nextInt(3) == 0;
      }
      RunLengthMask rle = RunLengthMask.encode(mask, w, h);
      assertThat(rle.decode()).containsExactly(mask);
      assertThat(RunLengthMask.encode(rle.decode(), w, h)).isEqualTo(rle);
    }
  }

  @Test
  void runLengthRejectsCountsThatDoNotCoverTheImage() {
    assertThatThrownBy(() -> new RunLengthMask(2, 2, new int[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add up to 3");
  }

  @Test
  void polygonNeedsThreePoints() {
    assertThatThrownBy(() -> new Polygon(new double[] {0, 0, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
