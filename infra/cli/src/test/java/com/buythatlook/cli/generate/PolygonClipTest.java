package com.buythatlook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.buythatlook.core.geometry.Polygon;
import org.junit.jupiter.api.Test;

class PolygonClipTest {
  private static final double[] SQUARE = {0, 0, 10, 0, 10, 10, 0, 10};

  @Test
  void keepsAPolygonInsideTheBox() {
    assertThat(new Polygon(PolygonClip.toBox(SQUARE, -1, -1, 11, 11)).area())
        .isCloseTo(100, within(1e-9));
  }

  @Test
  void cutsAPolygonToTheBox() {
    Polygon p = new Polygon(PolygonClip.toBox(SQUARE, 5, 2, 20, 8));
    assertThat(p.area()).isCloseTo(30, within(1e-9));
    assertThat(p.bounds().left()).isEqualTo(5);
    assertThat(p.bounds().bottom()).isEqualTo(8);
  }

  @Test
  void leavesNothingOfAPolygonOutsideTheBox() {
    assertThat(PolygonClip.toBox(SQUARE, 20, 20, 30, 30)).hasSizeLessThan(6);
  }
}
