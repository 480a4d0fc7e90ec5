package com.buythatlook.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.vision.onnx.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentDetectionTest {

  private static final int THREADS = 8;

  @Test
  void oneDetectorServesManyThreadsWithOnePredictorEach() throws Exception {
    try (OnnxDetector detector =
        OnnxDetector.open(Fixtures.model("yolov8-seg"), DetectorOptions.DEFAULT.withMasks(true))) {
      RgbImage photo = Fixtures.solid(128, 64, 1, 2, 3);
      List<DetectedInstance> expected = detector.detectInstances(photo);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<List<DetectedInstance>>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS * 20; i++) {
          futures.add(pool.submit(() -> detector.detectInstances(photo)));
        }
        for (Future<List<DetectedInstance>> f : futures) {
          assertThat(f.get()).isEqualTo(expected);
        }
      } finally {
        pool.shutdown();
      }
      assertThat(detector.predictorCount()).isBetween(1, THREADS + 1);
    }
  }

  @Test
  void detectionsAreEqualByValue() {
    try (OnnxDetector detector = OnnxDetector.open(Fixtures.model("yolov8"))) {
      List<Detection> a = detector.detect(Fixtures.solid(128, 64, 0, 0, 0));
      List<Detection> b = detector.detect(Fixtures.solid(128, 64, 255, 255, 255));
      assertThat(a).isEqualTo(b);
    }
  }
}
