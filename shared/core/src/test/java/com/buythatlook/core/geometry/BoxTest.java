package com.buythatlook.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxTest {

  @Test
  void iouOfIdenticalBoxesIsOne() {
    Box b = new Box(10, 20, 30, 40);
    assertThat(b.iou(b)).isEqualTo(1.0);
  }

  @Test
  void iouOfHalfOverlapIsOneThird() {
    // two 10x10 boxes sharing a 5x10 strip: 50 / (100 + 100 - 50)
    assertThat(new Box(0, 0, 10, 10).iou(new Box(5, 0, 10, 10))).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void disjointAndTouchingBoxesDoNotOverlap() {
    assertThat(new Box(0, 0, 10, 10).iou(new Box(10, 0, 10, 10))).isZero();
    assertThat(new Box(0, 0, 10, 10).iou(new Box(50, 50, 1, 1))).isZero();
    assertThat(new Box(0, 0, 0, 0).iou(new Box(0, 0, 0, 0))).isZero();
  }

  @Test
  void centreAndCornerConstructorsAgree() {
    assertThat(Box.ofCentre(15, 25, 10, 30)).isEqualTo(new Box(10, 10, 10, 30));
    assertThat(Box.ofCorners(20, 40, 10, 10)).isEqualTo(new Box(10, 10, 10, 30));
  }

  @Test
  void clipAndPixelBoundsStayInsideTheImage() {
    Box b = new Box(-5.5, 90.2, 20, 30);
    assertThat(b.clip(100, 100)).isEqualTo(new Box(0, 90.2, 14.5, 100 - 90.2));
    assertThat(b.pixelBounds(100, 100)).containsExactly(0, 90, 15, 100);
    assertThat(new Box(200, 200, 5, 5).pixelBounds(100, 100)).containsExactly(100, 100, 100, 100);
  }

  @Test
  void rejectsNegativeSizeAndNaN() {
    assertThatThrownBy(() -> new Box(0, 0, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Box(Double.NaN, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
