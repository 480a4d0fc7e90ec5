package com.buythatlook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HomographyTest {
  private static final double[] QUAD = {10, 20, 110, 5, 130, 150, 0, 120};

  @Test
  void squareToQuadMapsTheCorners() {
    Homography h = Homography.squareToQuad(QUAD);
    assertThat(h.map(new double[] {0, 0, 1, 0, 1, 1, 0, 1})).containsExactly(QUAD, within(1e-9));
  }

  @Test
  void rectToQuadAndInverseRoundTrip() {
    Homography h = Homography.rectToQuad(-30, -6, 60, 112, QUAD);
    assertThat(h.map(new double[] {-30, -6, 30, 106}))
        .containsExactly(new double[] {10, 20, 130, 150}, within(1e-9));
    double[] p = {3.5, 41.25};
    assertThat(h.inverse().map(h.map(p))).containsExactly(p, within(1e-9));
  }

  @Test
  void compositionAppliesTheRightOperandFirst() {
    Homography scale = Homography.affine(2, 0, 0, 0, 2, 0);
    Homography shift = Homography.affine(1, 0, 5, 0, 1, 7);
    assertThat(shift.times(scale).map(new double[] {1, 1}))
        .containsExactly(new double[] {7, 9}, within(1e-12));
    assertThat(scale.times(shift).map(new double[] {1, 1}))
        .containsExactly(new double[] {12, 16}, within(1e-12));
  }

  @Test
  void quadToQuadMapsOneQuadOntoTheOther() {
    double[] from = {0, 0, 4, 0, 4, 3, 0, 3};
    Homography h = Homography.quadToQuad(from, QUAD);
    assertThat(h.map(from)).containsExactly(QUAD, within(1e-9));
  }

  @Test
  void mapsShapesThroughTheirFlattenedOutline() {
    Homography h = Homography.affine(2, 0, 1, 0, 3, 0);
    java.awt.geom.Rectangle2D b = h.map(Shapes.ellipse(0, 0, 1, 1), 0.01).getBounds2D();
    assertThat(b.getMinX()).isCloseTo(-1, within(1e-6));
    assertThat(b.getMaxX()).isCloseTo(3, within(1e-6));
    assertThat(b.getMinY()).isCloseTo(-3, within(1e-6));
  }
}
