package com.buythatlook.vision.detect;

import static com.buythatlook.vision.detect.OnnxDetectorTest.assertDetection;
import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.vision.onnx.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The end-to-end ({@code [1, K, 6]}) and YOLOv5 ({@code [1, A, 5 + C]}) layouts, run by ONNX
 * Runtime from graphs whose output is a fixed table (src/test/python/make_byo_models.py). The photo
 * is 64×64, the input's size, so input pixels are photo pixels.
 */
class RowOutputsTest {
  private static final RgbImage PHOTO = Fixtures.solid(64, 64, 120, 60, 30);

  @ParameterizedTest
  @ValueSource(strings = {"byo-end2end", "byo-end2end-normalized"})
  void theEndToEndLayoutGivesItsRowsInPixelsOrNormalised(String folder) {
    try (OnnxDetector d = OnnxDetector.open(Fixtures.model(folder))) {
      List<Detection> found = d.detect(PHOTO);

      // rows: top 0.9, shoe 0.8, hat 0.7 (unmapped: dropped), two padding rows of score 0
      assertThat(found).hasSize(2);
      assertDetection(found.get(0), Category.TOPS, 0.9, new Box(10, 10, 20, 30));
      assertDetection(found.get(1), Category.FOOTWEAR, 0.8, new Box(40, 20, 20, 30));
    }
  }

  @Test
  void yolov5ScoresAreObjectnessTimesClassAndOverlapsAreSuppressed() {
    try (OnnxDetector d = OnnxDetector.open(Fixtures.model("byo-yolov5"))) {
      List<Detection> found = d.detect(PHOTO);

      // anchor 0: 0.9 × 0.9; anchor 1 (0.5 × 0.9, the same box) suppressed; anchor 2 shoe
      // 0.8 × 1.0; anchor 3 objectness 0.01, under the 0.05 threshold
      assertThat(found).hasSize(2);
      assertDetection(found.get(0), Category.TOPS, 0.81, new Box(10, 10, 20, 30));
      assertDetection(found.get(1), Category.FOOTWEAR, 0.8, new Box(40, 20, 20, 30));
    }
  }
}
