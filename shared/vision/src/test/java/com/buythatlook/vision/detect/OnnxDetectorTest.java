package com.buythatlook.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.vision.onnx.Fixtures;
import com.buythatlook.vision.pipeline.DetectSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes the YOLOv8 fixture, whose output is a fixed tensor (see make_test_models.py), from a
 * 128×64 photo: letterboxed into 64×64 at scale 0.5 with 16 rows of padding on top, so input (x, y)
 * maps back to photo (2x, 2(y − 16)).
 */
class OnnxDetectorTest {

  private static final RgbImage PHOTO = Fixtures.solid(128, 64, 200, 10, 10);
  private static OnnxDetector detector;

  @BeforeAll
  static void open() {
    detector = OnnxDetector.open(Fixtures.model("yolov8"));
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  @Test
  void decodesKnownBoxesClassesAndScoresBackInPhotoPixels() {
    List<DetectedInstance> found = detector.detectInstances(PHOTO);

    assertThat(found)
        .extracting(DetectedInstance::detectorClass)
        .containsExactly("top", "skirt", "shoe", "top");
    List<Detection> d = found.stream().map(DetectedInstance::detection).toList();
    // anchor 0: cx 20, cy 30, 10×10 → input [15, 25) × [25, 35) → photo [30, 50) × [18, 38)
    assertDetection(d.get(0), Category.TOPS, 0.90, new Box(30, 18, 20, 20));
    // anchor 2: same box, other class: class-wise NMS keeps it
    assertDetection(d.get(1), Category.SKIRTS, 0.85, new Box(30, 18, 20, 20));
    // anchor 5: best class shoe (0.70 over top's 0.10) → footwear
    assertDetection(d.get(2), Category.FOOTWEAR, 0.70, new Box(88, 36, 24, 24));
    // anchor 6: input [55, 65) × [15, 25) → photo [110, 130) × [−2, 18), clipped to the photo
    assertDetection(d.get(3), Category.TOPS, 0.60, new Box(110, 0, 18, 18));
    assertThat(found).allSatisfy(i -> assertThat(i.mask()).isNull());
  }

  @Test
  void dropsLowScoresUnmappedClassesAndSuppressedOverlaps() {
    List<Detection> d = detector.detect(PHOTO);

    // anchor 1 (IoU 0.82 with anchor 0, same class), anchor 3 (0.03 < 0.05),
    // anchor 4 (best class 'hat' is not in categoryMap) and anchor 7 (no score) are gone.
    assertThat(d).hasSize(4);
    assertThat(d).noneMatch(x -> Math.abs(x.score() - 0.80) < 1e-6);
    assertThat(d).noneMatch(x -> Math.abs(x.score() - 0.95) < 1e-6);
  }

  @Test
  void scoreThresholdIouThresholdAndMaxDetectionsAreOptions() {
    try (OnnxDetector strict =
        OnnxDetector.open(
            Fixtures.model("yolov8"), DetectorOptions.DEFAULT.withScoreThreshold(0.75))) {
      assertThat(strict.detect(PHOTO))
          .extracting(d -> (float) d.score())
          .containsExactly(0.90f, 0.85f);
    }
    try (OnnxDetector loose =
        OnnxDetector.open(
            Fixtures.model("yolov8"),
            DetectorOptions.DEFAULT.withIouThreshold(0.9).withMaxDetections(3))) {
      // with IoU 0.9 anchor 1 (IoU 0.82) survives; only the best three are returned
      assertThat(loose.detect(PHOTO))
          .extracting(d -> (float) d.score())
          .containsExactly(0.90f, 0.85f, 0.80f);
    }
  }

  @Test
  void classesMappedToOneCategorySuppressEachOther(@TempDir Path dir) throws IOException {
    // as DeepFashion2's four dress classes all map to dresses: here top and skirt → tops.
    // Anchors 0 (top 0.90) and 2 (skirt 0.85) are the same box: one item, not two.
    Path model = copy(dir, m -> ((ObjectNode) m.get("categoryMap")).put("skirt", "tops"));
    try (OnnxDetector merged = OnnxDetector.open(model)) {
      List<Detection> d = merged.detect(PHOTO);

      assertThat(d)
          .extracting(Detection::category)
          .containsExactly(Category.TOPS, Category.FOOTWEAR, Category.TOPS);
      assertDetection(d.get(0), Category.TOPS, 0.90, new Box(30, 18, 20, 20));
    }
  }

  @Test
  void theManifestsNmsIouIsTheModelsThreshold(@TempDir Path dir) throws IOException {
    Path model = copy(dir, m -> m.put("nmsIou", 0.9));
    try (OnnxDetector loose = OnnxDetector.open(model)) {
      // with IoU 0.9 anchor 1 (top 0.80, IoU 0.82 with anchor 0) survives, as with the option
      assertThat(loose.detect(PHOTO))
          .extracting(d -> (float) d.score())
          .containsExactly(0.90f, 0.85f, 0.80f, 0.70f, 0.60f);
    }
  }

  @Test
  void theManifestsMinScoreIsTheServingThresholdUnlessMinScoreIsSet(@TempDir Path dir)
      throws IOException {
    Path model = copy(dir, m -> m.put("minScore", 0.6));
    try (OnnxDetector own = OnnxDetector.open(model)) {
      assertThat(own.minScore()).hasValue(0.6);
      assertThat(detector.minScore()).isEmpty();
      // no MIN_SCORE: the model's 0.6; without one in the manifest, the global 0.75
      DetectSettings unset = DetectSettings.fromEnvironment(name -> null);
      assertThat(unset.minScoreFor(own)).isEqualTo(0.6);
      assertThat(unset.minScoreFor(detector)).isEqualTo(DetectionFilter.MIN_SCORE);
      // MIN_SCORE set: it wins
      DetectSettings set =
          DetectSettings.fromEnvironment(name -> name.equals("MIN_SCORE") ? "0.9" : null);
      assertThat(set.minScoreFor(own)).isEqualTo(0.9);
    }
  }

  /** The YOLOv8 fixture (the same ONNX file) with its manifest edited. */
  private static Path copy(Path dir, java.util.function.Consumer<ObjectNode> edit)
      throws IOException {
    Path from = Fixtures.model("yolov8");
    Files.copy(from.resolve("model.onnx"), dir.resolve("model.onnx"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(from.resolve("model.json").toFile());
    edit.accept(manifest);
    json.writeValue(dir.resolve("model.json").toFile(), manifest);
    return dir;
  }

  @Test
  void letterboxUnmappingFollowsThePhotoShape() {
    // A 64×128 portrait photo: scale 0.5, 16 columns of padding on the left, none on top.
    List<Detection> d = detector.detect(Fixtures.solid(64, 128, 0, 0, 0));

    assertDetection(d.get(0), Category.TOPS, 0.90, new Box(0, 50, 18, 20));
  }

  @Test
  void reportsItsNameAndCategories() {
    assertThat(detector.name()).isEqualTo("test-yolov8@1");
    assertThat(detector.categories())
        .containsExactlyInAnyOrder(Category.TOPS, Category.SKIRTS, Category.FOOTWEAR);
  }

  static void assertDetection(Detection d, Category category, double score, Box box) {
    assertThat(d.category()).isEqualTo(category);
    assertThat(d.score()).isCloseTo(score, within(1e-6));
    assertThat(d.box().left()).as("left").isCloseTo(box.left(), within(1e-4));
    assertThat(d.box().top()).as("top").isCloseTo(box.top(), within(1e-4));
    assertThat(d.box().width()).as("width").isCloseTo(box.width(), within(1e-4));
    assertThat(d.box().height()).as("height").isCloseTo(box.height(), within(1e-4));
  }
}
