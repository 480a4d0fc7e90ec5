package com.buythatlook.vision.detect;

import static com.buythatlook.vision.detect.OnnxDetectorTest.assertDetection;
import static com.buythatlook.vision.detect.SegmentationMaskTest.assertMaskIs;
import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.vision.onnx.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The R-CNN fixture (un-batched [3, 64, 64] input, stretch): from a 32×128 photo, input x maps to
 * photo x / 2 and input y to photo 2y.
 */
class RcnnDecodingTest {

  @Test
  void decodesBoxesLabelsScoresAndMasks() {
    try (OnnxDetector detector =
        OnnxDetector.open(Fixtures.model("rcnn"), DetectorOptions.DEFAULT.withMasks(true))) {
      List<DetectedInstance> found = detector.detectInstances(Fixtures.solid(32, 128, 9, 9, 9));

      // row 1 (top 0.60) overlaps row 0 (top 0.95) with IoU 0.78 and is suppressed
      assertThat(found).extracting(DetectedInstance::detectorClass).containsExactly("top", "dress");
      // input [8, 24) × [16, 48) → photo [4, 12) × [32, 96)
      assertDetection(found.get(0).detection(), Category.TOPS, 0.95, new Box(4, 32, 8, 64));
      // input [32, 64) × [8, 40) → photo [16, 32) × [16, 80)
      assertDetection(found.get(1).detection(), Category.DRESSES, 0.88, new Box(16, 16, 16, 64));
      // mask 0 is 0.9 on input rows 20..39, columns 10..19: photo X ∈ [5, 9], Y ∈ [40, 79]
      assertMaskIs(found.get(0).mask(), (x, y) -> x >= 5 && x <= 9 && y >= 40 && y <= 79);
      // mask 2 is 0.7 on input rows 8..39, columns 32..63, i.e. all of its box
      assertMaskIs(found.get(1).mask(), (x, y) -> x >= 16 && x < 32 && y >= 16 && y < 80);
    }
  }

  @Test
  void backgroundAndUnmappedLabelsNeverBecomeDetections() {
    try (OnnxDetector detector = OnnxDetector.open(Fixtures.model("rcnn"))) {
      assertThat(detector.categories())
          .containsExactlyInAnyOrder(Category.TOPS, Category.DRESSES, Category.BAGS);
      assertThat(detector.detect(Fixtures.solid(64, 64, 0, 0, 0)))
          .extracting(d -> d.category())
          .containsExactly(Category.TOPS, Category.DRESSES);
    }
  }
}
