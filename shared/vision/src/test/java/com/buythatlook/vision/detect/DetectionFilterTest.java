package com.buythatlook.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.inference.Detection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionFilterTest {

  private static final Box B = new Box(0, 0, 10, 10);
  private static final Detection TOP_90 = new Detection(Category.TOPS, 0.90, B);
  private static final Detection TOP_80 = new Detection(Category.TOPS, 0.80, B);
  private static final Detection SKIRT_85 = new Detection(Category.SKIRTS, 0.85, B);
  private static final Detection BAG_74 = new Detection(Category.BAGS, 0.74, B);
  private static final Detection HAT_95 = new Detection(Category.HATS, 0.95, B);
  private static final List<Detection> ALL = List.of(BAG_74, TOP_80, SKIRT_85, TOP_90, HAT_95);
  private static final Set<Category> INDEXED =
      EnumSet.of(Category.TOPS, Category.SKIRTS, Category.BAGS);

  @Test
  void seedRulesKeepTheBestConfidentItemOfEachIndexedCategory() {
    assertThat(DetectionFilter.seed(INDEXED).apply(ALL)).containsExactly(TOP_90, SKIRT_85);
  }

  @Test
  void scoreRuleIsInclusiveAtTheThreshold() {
    Detection exactly = new Detection(Category.TOPS, DetectionFilter.MIN_SCORE, B);
    assertThat(DetectionFilter.seed(INDEXED).apply(List.of(exactly))).containsExactly(exactly);
  }

  @Test
  void eachRuleCanBeSwitchedOff() {
    DetectionFilter seed = DetectionFilter.seed(INDEXED);

    assertThat(seed.withMinScore(0).apply(ALL)).containsExactly(TOP_90, SKIRT_85, BAG_74);
    assertThat(seed.withCategories(EnumSet.allOf(Category.class)).apply(ALL))
        .containsExactly(HAT_95, TOP_90, SKIRT_85);
    assertThat(seed.withBestPerCategory(false).apply(ALL))
        .containsExactly(TOP_90, SKIRT_85, TOP_80);
    assertThat(DetectionFilter.NONE.apply(ALL))
        .containsExactly(HAT_95, TOP_90, SKIRT_85, TOP_80, BAG_74);
  }

  @Test
  void anEmptyIndexKeepsNothing() {
    assertThat(DetectionFilter.seed(Set.of()).apply(ALL)).isEmpty();
  }

  @Test
  void filtersAnythingThatCarriesADetection() {
    List<DetectedInstance> instances =
        List.of(
            new DetectedInstance(TOP_80, "t-shirt", null),
            new DetectedInstance(TOP_90, "top", null));

    assertThat(DetectionFilter.seed(INDEXED).apply(instances, DetectedInstance::detection))
        .extracting(DetectedInstance::detectorClass)
        .containsExactly("top");
  }

  @Test
  void refusesAScoreOutsideZeroToOne() {
    assertThatThrownBy(() -> DetectionFilter.NONE.withMinScore(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
