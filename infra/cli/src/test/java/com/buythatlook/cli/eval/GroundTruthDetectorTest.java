package com.buythatlook.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthDetectorTest {

  private static final RgbImage ANY = new RgbImage(1, 1, new byte[3]);

  private final GroundTruthDetector detector =
      new GroundTruthDetector(
          List.of(
              new StreetItem(7, 70, Category.TOPS, new Box(1, 2, 3, 4), null),
              new StreetItem(7, 71, Category.PANTS, new Box(5, 6, 7, 8), null),
              new StreetItem(8, 80, Category.BAGS, new Box(0, 0, 9, 9), null)));

  @Test
  void returnsThePhotosItemsWithScoreOne() {
    assertThat(detector.detect(7, ANY))
        .containsExactly(
            new Detection(Category.TOPS, 1.0, new Box(1, 2, 3, 4)),
            new Detection(Category.PANTS, 1.0, new Box(5, 6, 7, 8)));
    assertThat(detector.detect(8, ANY)).hasSize(1);
  }

  @Test
  void aPhotoWithoutAnnotationsHasNoDetections() {
    assertThat(detector.detect(9, ANY)).isEmpty();
  }

  @Test
  void withoutAPhotoIdItRefusesToAnswerInsteadOfReturningNothing() {
    assertThatThrownBy(() -> detector.detect(ANY))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("only btl eval runs it");
  }
}
