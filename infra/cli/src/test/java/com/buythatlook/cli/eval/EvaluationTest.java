package com.buythatlook.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.embed.ColourHistogramEmbedder;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.core.inference.Detector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on {@link TinyDataset}: real files, real decoding, the real baseline. */
class EvaluationTest {

  @TempDir Path dir;

  private final StringWriter logText = new StringWriter();
  private final PrintWriter log = new PrintWriter(logText, true);

  private EvaluationReport evaluate(Street2ShopDataset data, Detector detector, int threads)
      throws InterruptedException {
    return new Evaluation(data, detector, new ColourHistogramEmbedder(), threads, log)
        .run(Split.TEST);
  }

  private static List<StreetItem> testItems(Street2ShopDataset data) {
    List<StreetItem> items = new ArrayList<>();
    for (Category c : Category.values()) {
      items.addAll(data.pairs(Split.TEST, c));
    }
    return items;
  }

  @Test
  void histogramRetrievalIsPerfectAndGroundTruthApIsOne() throws Exception {
    // given
    Street2ShopDataset data = Street2ShopDataset.open(TinyDataset.write(dir.resolve("ds")));

    // when
    EvaluationReport report = evaluate(data, new GroundTruthDetector(testItems(data)), 2);

    // then: two categories of three queries; galleries of the test split only (no cyan 6001)
    assertThat(report.categories()).containsOnlyKeys(Category.TOPS, Category.PANTS);
    EvaluationReport.Result tops = report.categories().get(Category.TOPS);
    EvaluationReport.Result pants = report.categories().get(Category.PANTS);
    assertThat(tops.queries()).isEqualTo(3);
    assertThat(tops.gallery()).isEqualTo(4);
    assertThat(pants.queries()).isEqualTo(3);
    assertThat(pants.gallery()).isEqualTo(2);
    for (EvaluationReport.Result r : List.of(tops, pants, report.overall())) {
      assertThat(r.top(1)).isEqualTo(1.0);
      assertThat(r.top(20)).isEqualTo(1.0);
      assertThat(r.topDetected(1)).isEqualTo(1.0);
      assertThat(r.ap50()).isEqualTo(1.0);
      assertThat(r.ap()).isEqualTo(1.0);
    }
    assertThat(report.overall().queries()).isEqualTo(6);
    assertThat(report.overall().gallery()).isEqualTo(6);
    assertThat(report.detector()).isEqualTo("ground-truth");
    assertThat(report.embedder()).isEqualTo("colour-histogram");
  }

  @Test
  void aDetectorThatFindsNothingMissesEveryDetectedQueryAndScoresApZero() throws Exception {
    Street2ShopDataset data = Street2ShopDataset.open(TinyDataset.write(dir.resolve("ds")));

    EvaluationReport report = evaluate(data, detector(ds -> List.of(), data), 1);

    assertThat(report.overall().top(1)).isEqualTo(1.0); // ground-truth boxes are unaffected
    assertThat(report.overall().topDetected(1)).isZero();
    assertThat(report.overall().topDetected(20)).isZero();
    assertThat(report.overall().ap()).isZero();
  }

  @Test
  void categoriesTheDetectorCannotReportAreNotCoveredAndLeftOutOfTheMeanAp() throws Exception {
    // a detector trained without pants (as DeepFashion2 has no bags or shoes): tops only
    Street2ShopDataset data = Street2ShopDataset.open(TinyDataset.write(dir.resolve("ds")));
    GroundTruthDetector gt = new GroundTruthDetector(testItems(data));
    Detector topsOnly =
        new DatasetDetector() {
          @Override
          public List<Detection> detect(long photoId, RgbImage image) {
            return gt.detect(photoId, image).stream()
                .filter(d -> d.category() == Category.TOPS)
                .toList();
          }

          @Override
          public String name() {
            return "tops-only";
          }

          @Override
          public java.util.Set<Category> categories() {
            return java.util.EnumSet.of(Category.TOPS);
          }
        };

    EvaluationReport report = evaluate(data, topsOnly, 1);

    // pants would count as AP 0 and halve the mean; it says nothing about this detector
    assertThat(report.notCovered()).containsExactly(Category.PANTS);
    assertThat(report.categories().get(Category.PANTS).ap50()).isNaN();
    assertThat(report.overall().ap50()).isEqualTo(1.0);
    assertThat(report.overall().ap()).isEqualTo(1.0);
    String table = ReportTable.format(report);
    assertThat(table).containsPattern("pants .* n/c +n/c");
    assertThat(table).contains("not covered, the detector can never report pants");
    assertThat(ReportJson.toJson(report).get("not_covered").toString()).isEqualTo("[\"pants\"]");
    assertThat(logText.toString()).contains("left out of the mean AP");
  }

  @Test
  void detectionsOffTheItemDoNotStandInForIt() throws Exception {
    // given a detector whose boxes are shifted by half their width: IoU 1/3, below 0.5
    Street2ShopDataset data = Street2ShopDataset.open(TinyDataset.write(dir.resolve("ds")));
    Detector shifted =
        detector(
            ds ->
                ds.stream()
                    .map(
                        d -> {
                          Box b = d.box();
                          return new Detection(
                              d.category(),
                              0.9,
                              new Box(b.left() + b.width() / 2, b.top(), b.width(), b.height()));
                        })
                    .toList(),
            data);

    EvaluationReport report = evaluate(data, shifted, 2);

    assertThat(report.overall().topDetected(20)).isZero();
    assertThat(report.overall().ap50()).isZero();
  }

  @Test
  void resultsDoNotDependOnTheNumberOfThreads() throws Exception {
    Street2ShopDataset data = Street2ShopDataset.open(TinyDataset.write(dir.resolve("ds")));
    Detector gt = new GroundTruthDetector(testItems(data));

    String one = ReportJson.toJson(evaluate(data, gt, 1)).toString();
    String four = ReportJson.toJson(evaluate(data, gt, 4)).toString();

    assertThat(four).isEqualTo(one);
  }

  @Test
  void anUndecodableShopPhotoIsLeftOutWithAWarning() throws Exception {
    // given the second red shop photo of product 1 is corrupt
    Path root = TinyDataset.write(dir.resolve("ds"));
    Files.write(Layout.imageFile(root, 1002, "png"), new byte[] {1, 2, 3, 4});
    Street2ShopDataset data = Street2ShopDataset.open(root);

    EvaluationReport report = evaluate(data, new GroundTruthDetector(testItems(data)), 2);

    assertThat(report.categories().get(Category.TOPS).gallery()).isEqualTo(3);
    assertThat(report.overall().top(1)).isEqualTo(1.0); // 1001 still answers product 1
    assertThat(logText.toString()).contains("1 shop photos could not be decoded");
  }

  @Test
  void anEmptySplitIsAClearError() throws Exception {
    Path root = dir.resolve("empty");
    new com.buythatlook.core.dataset.DatasetWriter(root).close();
    Street2ShopDataset data = Street2ShopDataset.open(root);

    assertThatThrownBy(() -> evaluate(data, new GroundTruthDetector(List.of()), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test split")
        .hasMessageContaining("no street items");
  }

  @Test
  void theMatchingDetectionIsTheBestScoringOneOfTheSameCategoryWithIouAtLeastHalf() {
    StreetItem item = new StreetItem(1, 2, Category.TOPS, new Box(0, 0, 100, 100), null);
    Detection wrongCategory = new Detection(Category.PANTS, 0.99, new Box(0, 0, 100, 100));
    Detection tooFar = new Detection(Category.TOPS, 0.95, new Box(60, 0, 100, 100)); // IoU 0.25
    Detection good = new Detection(Category.TOPS, 0.8, new Box(0, 0, 100, 60)); // IoU 0.6
    Detection better = new Detection(Category.TOPS, 0.9, new Box(0, 0, 100, 50)); // IoU 0.5
    Detection tiedButTighter = new Detection(Category.TOPS, 0.9, new Box(0, 0, 100, 90));

    assertThat(Evaluation.matchingDetection(List.of(wrongCategory, tooFar, good), item))
        .contains(good);
    assertThat(Evaluation.matchingDetection(List.of(good, better), item)).contains(better);
    assertThat(Evaluation.matchingDetection(List.of(better, tiedButTighter), item))
        .contains(tiedButTighter);
    assertThat(Evaluation.matchingDetection(List.of(wrongCategory, tooFar), item)).isEmpty();
  }

  /** A detector that transforms the ground truth, to test what the harness does with it. */
  private static Detector detector(
      UnaryOperator<List<Detection>> transform, Street2ShopDataset data) throws IOException {
    GroundTruthDetector gt = new GroundTruthDetector(testItems(data));
    return new DatasetDetector() {
      @Override
      public List<Detection> detect(long photoId, RgbImage image) {
        return transform.apply(gt.detect(photoId, image));
      }

      @Override
      public String name() {
        return "test";
      }
    };
  }
}
