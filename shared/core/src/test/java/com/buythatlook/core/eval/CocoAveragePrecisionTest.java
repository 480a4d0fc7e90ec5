package com.buythatlook.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.inference.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made cases whose AP is worked out in the comments, independently of the code. */
class CocoAveragePrecisionTest {

  private static final Box A = new Box(0, 0, 100, 100);
  private static final Box B = new Box(200, 0, 100, 100);
  private static final Box ELSEWHERE = new Box(500, 500, 50, 50);

  private static GroundTruth gt(Category c, Box b) {
    return new GroundTruth(c, b);
  }

  private static Detection det(Category c, double score, Box b) {
    return new Detection(c, score, b);
  }

  @Test
  void truePositiveFalsePositiveTruePositive() {
    // given 2 objects; detections TP(0.9), FP(0.8), TP(0.7), all boxes exact (IoU 1 or 0)
    CocoAveragePrecision coco = new CocoAveragePrecision();
    coco.addImage(
        List.of(gt(Category.TOPS, A), gt(Category.TOPS, B)),
        List.of(
            det(Category.TOPS, 0.9, A),
            det(Category.TOPS, 0.8, ELSEWHERE),
            det(Category.TOPS, 0.7, B)));

    // then, at every IoU threshold:
    //   after 0.9: P = 1/1, R = 1/2;  after 0.8: P = 1/2, R = 1/2;  after 0.7: P = 2/3, R = 2/2
    //   monotone precision: [1, 2/3, 2/3]
    //   recall points 0.00..0.50 (51 of them) are first reached at the 1st detection → 1
    //   recall points 0.51..1.00 (50 of them) are first reached at the 3rd → 2/3
    //   AP = (51 · 1 + 50 · 2/3) / 101 = (153 + 100) / 303 = 253/303 ≈ 0.83498
    CocoAveragePrecision.CategoryAp ap = coco.result().categories().get(Category.TOPS);
    assertThat(ap.ap50()).isCloseTo(253.0 / 303, within(1e-12));
    assertThat(ap.ap()).isCloseTo(253.0 / 303, within(1e-12));
    assertThat(coco.result().meanAp50()).isCloseTo(253.0 / 303, within(1e-12));
  }

  @Test
  void aDuplicateDetectionIsAFalsePositive() {
    // given 2 objects; the second detection hits object A again (a duplicate), the third finds B
    CocoAveragePrecision coco = new CocoAveragePrecision();
    coco.addImage(
        List.of(gt(Category.DRESSES, A), gt(Category.DRESSES, B)),
        List.of(
            det(Category.DRESSES, 0.9, A),
            det(Category.DRESSES, 0.8, A),
            det(Category.DRESSES, 0.7, B)));

    // then it is the same curve as TP, FP, TP above: 253/303
    assertThat(coco.result().categories().get(Category.DRESSES).ap())
        .isCloseTo(253.0 / 303, within(1e-12));
  }

  @Test
  void greedyMatchingByScoreAcrossIouThresholds() {
    // given 1 object A = (0,0,100,100) and two detections of it:
    //   0.95 with box (0,0,100,67): IoU 0.67; 0.90 with box (0,0,100,93): IoU 0.93
    CocoAveragePrecision coco = new CocoAveragePrecision();
    coco.addImage(
        List.of(gt(Category.PANTS, A)),
        List.of(
            det(Category.PANTS, 0.95, new Box(0, 0, 100, 67)),
            det(Category.PANTS, 0.90, new Box(0, 0, 100, 93))));

    // then:
    //   t = 0.50, 0.55, 0.60, 0.65: the 0.95 detection takes A (TP, R = 1 at P = 1), the 0.90
    //     one is a duplicate (FP) after full recall → AP 1               (4 thresholds)
    //   t = 0.70 … 0.90: 0.95 is FP (IoU 0.67 < t), 0.90 is TP → P = [0, 1/2], R = [0, 1];
    //     monotone P = [1/2, 1/2]; every recall point > 0 is reached at the 2nd detection and
    //     r = 0 at the 1st (recall 0 ≥ 0), both with precision 1/2 → AP 0.5 (5 thresholds)
    //   t = 0.95: nothing matches → AP 0                                 (1 threshold)
    //   AP@[.5:.95] = (4 · 1 + 5 · 0.5 + 0) / 10 = 0.65; AP50 = 1
    CocoAveragePrecision.CategoryAp ap = coco.result().categories().get(Category.PANTS);
    assertThat(ap.apPerThreshold())
        .containsExactly(new double[] {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0}, within(1e-12));
    assertThat(ap.ap50()).isEqualTo(1.0);
    assertThat(ap.ap()).isCloseTo(0.65, within(1e-12));
  }

  @Test
  void ordersDetectionsByScoreAcrossImages() {
    // given image 1 with object A and a false positive at 0.9; image 2 with object B found at 0.8
    CocoAveragePrecision coco = new CocoAveragePrecision();
    coco.addImage(
        List.of(gt(Category.BAGS, A)),
        List.of(det(Category.BAGS, 0.9, ELSEWHERE), det(Category.BAGS, 0.6, A)));
    coco.addImage(List.of(gt(Category.BAGS, B)), List.of(det(Category.BAGS, 0.8, B)));

    // then pooled by score: FP(0.9), TP(0.8), TP(0.6)
    //   P = [0, 1/2, 2/3], R = [0, 1/2, 1]; monotone P = [2/3, 2/3, 2/3]
    //   every recall point is reached with precision 2/3 → AP = 2/3
    assertThat(coco.result().categories().get(Category.BAGS).ap50())
        .isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void aBoxOnAnotherImageIsNotAMatch() {
    // the detection has A's coordinates, but on the image where the object is B
    CocoAveragePrecision coco = new CocoAveragePrecision();
    coco.addImage(List.of(gt(Category.SKIRTS, A)), List.of());
    coco.addImage(List.of(gt(Category.SKIRTS, B)), List.of(det(Category.SKIRTS, 0.9, A)));

    assertThat(coco.result().categories().get(Category.SKIRTS).ap()).isZero();
  }

  @Test
  void perfectDetectionsScoreExactlyOne() {
    CocoAveragePrecision coco = new CocoAveragePrecision();
    coco.addImage(
        List.of(gt(Category.TOPS, A), gt(Category.PANTS, B)),
        List.of(det(Category.TOPS, 1.0, A), det(Category.PANTS, 1.0, B)));

    CocoAveragePrecision.Result r = coco.result();
    assertThat(r.meanAp50()).isEqualTo(1.0);
    assertThat(r.meanAp()).isEqualTo(1.0);
  }

  @Test
  void noDetectionsScoreZero() {
    CocoAveragePrecision coco = new CocoAveragePrecision();
    coco.addImage(List.of(gt(Category.FOOTWEAR, A)), List.of());

    CocoAveragePrecision.Result r = coco.result();
    assertThat(r.categories().get(Category.FOOTWEAR).ap()).isZero();
    assertThat(r.categories().get(Category.FOOTWEAR).detections()).isZero();
    assertThat(r.meanAp()).isZero();
  }

  @Test
  void categoriesWithoutGroundTruthAreLeftOutOfTheMean() {
    // TOPS is found perfectly; HATS has only a (false) detection and no ground truth anywhere
    CocoAveragePrecision coco = new CocoAveragePrecision();
    coco.addImage(
        List.of(gt(Category.TOPS, A)),
        List.of(det(Category.TOPS, 0.9, A), det(Category.HATS, 0.99, B)));

    CocoAveragePrecision.Result r = coco.result();
    assertThat(r.categories().get(Category.HATS).ap()).isNaN();
    assertThat(r.meanAp50()).isEqualTo(1.0);
    assertThat(r.meanAp()).isEqualTo(1.0);
    assertThat(r.categories()).doesNotContainKey(Category.BELTS);
  }

  @Test
  void nothingAtAllHasNoMean() {
    assertThat(new CocoAveragePrecision().result().meanAp()).isNaN();
  }

  @Test
  void keepsOnlyTheBestMaxDetectionsPerImageAndCategory() {
    // with a cap of 1, the low-scoring correct detection is dropped: AP 0 instead of > 0
    CocoAveragePrecision capped = new CocoAveragePrecision(1);
    capped.addImage(
        List.of(gt(Category.TOPS, A)),
        List.of(det(Category.TOPS, 0.3, A), det(Category.TOPS, 0.9, ELSEWHERE)));

    assertThat(capped.result().categories().get(Category.TOPS).ap()).isZero();
  }

  @Test
  void agreesWithPycocotoolsOnAMixedCase() {
    // Three images, two categories: near misses, a duplicate, a score tie, a detection in a
    // category the image has no object of. Expected values are what pycocotools 2.0.11
    // (COCOeval, bbox, area "all", maxDets 100) prints for the same boxes: per-category
    // precision[t, :, k].mean() and stats[0], stats[1].
    CocoAveragePrecision coco = new CocoAveragePrecision();
    coco.addImage(
        List.of(
            gt(Category.TOPS, new Box(10, 10, 100, 100)),
            gt(Category.TOPS, new Box(200, 10, 80, 120)),
            gt(Category.PANTS, new Box(50, 200, 60, 60))),
        List.of(
            det(Category.TOPS, 0.95, new Box(12, 14, 96, 100)),
            det(Category.TOPS, 0.90, new Box(210, 30, 80, 100)),
            det(Category.TOPS, 0.60, new Box(10, 10, 100, 100)),
            det(Category.PANTS, 0.85, new Box(55, 190, 60, 70)),
            det(Category.PANTS, 0.30, new Box(300, 300, 50, 50))));
    coco.addImage(
        List.of(
            gt(Category.TOPS, new Box(0, 0, 50, 50)),
            gt(Category.PANTS, new Box(100, 100, 100, 40))),
        List.of(
            det(Category.TOPS, 0.80, new Box(5, 5, 50, 50)),
            det(Category.PANTS, 0.70, new Box(110, 100, 90, 40)),
            det(Category.PANTS, 0.70, new Box(100, 105, 100, 40))));
    coco.addImage(
        List.of(gt(Category.PANTS, new Box(20, 20, 40, 80))),
        List.of(
            det(Category.PANTS, 0.50, new Box(25, 35, 40, 70)),
            det(Category.TOPS, 0.99, new Box(20, 20, 40, 80))));

    CocoAveragePrecision.Result r = coco.result();

    assertThat(r.categories().get(Category.TOPS).apPerThreshold())
        .containsExactly(
            new double[] {
              0.75,
              0.75,
              0.75,
              0.75,
              0.16831683168316833,
              0.16831683168316833,
              0.16831683168316833,
              0.16831683168316833,
              0.06732673267326733,
              0.06732673267326733
            },
            within(1e-12));
    assertThat(r.categories().get(Category.PANTS).apPerThreshold())
        .containsExactly(
            new double[] {
              0.9158415841584159, 0.9158415841584159, 0.9158415841584159, 0.6633663366336634,
              0.6633663366336634, 0.16831683168316833, 0.16831683168316833, 0.16831683168316833,
              0.16831683168316833, 0.0
            },
            within(1e-12));
    assertThat(r.meanAp()).isCloseTo(0.42777227722772276, within(1e-12));
    assertThat(r.meanAp50()).isCloseTo(0.8329207920792079, within(1e-12));
  }

  @Test
  void iouThresholdsAreNumpyLinspace() {
    // the values numpy.linspace(.5, .95, 10) prints, including its 0.8999999999999999
    assertThat(CocoAveragePrecision.iouThresholds())
        .containsExactly(0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95);
  }
}
