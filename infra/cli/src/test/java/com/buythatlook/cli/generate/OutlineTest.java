package com.buythatlook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.Polygon;
import org.junit.jupiter.api.Test;

class OutlineTest {

  @Test
  void joinsSeparatePiecesWithAZeroWidthBridge() {
    Polygon p =
        new Polygon(
            Outline.of(Shapes.union(Shapes.rect(0, 0, 2, 2), Shapes.rect(5, 0, 7, 2)), 0.01, 0.01));
    assertThat(p.area()).isCloseTo(8, within(1e-9));
    assertThat(p.contains(1, 1)).isTrue();
    assertThat(p.contains(6, 1)).isTrue();
    assertThat(p.contains(3.5, 1)).isFalse();
  }

  @Test
  void dropsHoles() {
    Polygon p =
        new Polygon(
            Outline.of(
                Shapes.minus(Shapes.rect(0, 0, 10, 10), Shapes.rect(3, 3, 7, 7)), 0.01, 0.01));
    assertThat(p.area()).isCloseTo(100, within(1e-9));
  }

  @Test
  void simplifiesCurvesWithinTheTolerance() {
    double[] xy = Outline.of(Shapes.ellipse(0, 0, 10, 10), 0.001, 0.05);
    Polygon p = new Polygon(xy);
    assertThat(p.size()).isBetween(12, 200);
    assertThat(p.area()).isCloseTo(Math.PI * 100, within(Math.PI * 100 * 0.02));
  }

  @Test
  void everyGarmentHasAnOutlineThatSpansItsBounds() {
    for (Garment g : Garment.values()) {
      GarmentDrawing d = g.drawing();
      Polygon p = new Polygon(d.outline());
      Box b = p.bounds();
      assertThat(p.area()).as(g.name()).isPositive();
      assertThat(b.left()).as(g.name()).isCloseTo(d.bounds().getMinX(), within(0.2));
      assertThat(b.right()).as(g.name()).isCloseTo(d.bounds().getMaxX(), within(0.2));
      assertThat(b.top()).as(g.name()).isCloseTo(d.bounds().getMinY(), within(0.2));
      assertThat(b.bottom()).as(g.name()).isCloseTo(d.bounds().getMaxY(), within(0.2));
      assertThat(p.contains(d.anchorX(), d.anchorY())).as(g.name() + " anchor").isTrue();
    }
  }

  @Test
  void everyCategoryHasThreeGarments() {
    for (com.buythatlook.core.catalog.Category c : com.buythatlook.core.catalog.Category.values()) {
      assertThat(Garment.of(c)).as(c.wireName()).hasSize(3);
    }
  }
}
