package com.buythatlook.vision.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.vision.onnx.Fixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedder fixture computes {@code e = mean_c(x) @ W + b}, W = [I | 1], b = (0, 0, 0, ½), with
 * x = (pixel / 255 − ½) / ½ on a 16×16 stretched input: a solid red crop gives (1, −1, −1, −½)
 * before normalisation.
 */
class OnnxEmbedderTest {

  private static final RgbImage RED = Fixtures.solid(40, 30, 255, 0, 0);
  private static final RgbImage BLUE = Fixtures.solid(7, 90, 0, 0, 255);

  @Test
  void rowsAreTheModelOutputRenormalisedToUnitLength() {
    try (OnnxEmbedder embedder = OnnxEmbedder.open(Fixtures.model("embedder"))) {
      float[][] v = embedder.embed(List.of(RED, BLUE));

      assertThat(embedder.dimension()).isEqualTo(4);
      assertThat(v).hasDimensions(2, 4);
      assertUnit(v[0], 1, -1, -1, -0.5);
      assertUnit(v[1], -1, -1, 1, -0.5);
    }
  }

  @Test
  void batchesGiveTheSameRowsAsSingleCrops() {
    List<RgbImage> crops = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      crops.add(Fixtures.solid(5 + i, 50 - i, 30 * i, 255 - 20 * i, 7 * i));
    }
    try (OnnxEmbedder byTwo =
        OnnxEmbedder.open(Fixtures.model("embedder"), EmbedderOptions.DEFAULT.withMaxBatch(2))) {
      float[][] batched = byTwo.embed(crops);

      assertThat(byTwo.batchSize()).isEqualTo(2);
      for (int i = 0; i < crops.size(); i++) {
        float[] single = byTwo.embed(List.of(crops.get(i)))[0];
        assertThat(batched[i]).containsExactly(single, within(1e-6f));
        assertThat(norm(batched[i])).isCloseTo(1.0, within(1e-5));
      }
      assertThat(byTwo.embed(List.of())).isEmpty();
    }
  }

  @Test
  void preparedCropsGiveTheSameRowsAsEmbed() {
    List<RgbImage> crops = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      crops.add(Fixtures.solid(9 + 3 * i, 40 - i, 40 * i, 200 - 30 * i, 11 * i));
    }
    try (OnnxEmbedder embedder =
        OnnxEmbedder.open(Fixtures.model("embedder"), EmbedderOptions.DEFAULT.withMaxBatch(2))) {
      // the index job prepares on its decode workers and runs only the model on its own thread
      List<float[]> prepared = crops.stream().map(embedder::prepare).toList();

      assertThat(embedder.embedPrepared(prepared)).isDeepEqualTo(embedder.embed(crops));
    }
  }

  @Test
  void colourOrderComesFromTheManifest(@TempDir Path tmp) {
    Path bgr = Fixtures.copy("embedder", tmp);
    Fixtures.editManifest(bgr, root -> ((ObjectNode) root.get("input")).put("colorOrder", "BGR"));
    try (OnnxEmbedder embedder = OnnxEmbedder.open(bgr)) {
      assertUnit(embedder.embed(List.of(RED))[0], -1, -1, 1, -0.5);
    }
  }

  @Test
  void letterboxPadsWithThePadValue(@TempDir Path tmp) {
    // A 32×16 red crop letterboxed into 16×16: half the input is red, half is padding 0, which
    // normalises to −1 in every channel: means (0, −1, −1) → (0, −1, −1, −1.5).
    Path boxed = Fixtures.copy("embedder", tmp);
    Fixtures.editManifest(
        boxed,
        root -> ((ObjectNode) root.get("input")).put("resize", "letterbox").put("padValue", 0));
    try (OnnxEmbedder embedder = OnnxEmbedder.open(boxed)) {
      assertUnit(embedder.embed(List.of(Fixtures.solid(32, 16, 255, 0, 0)))[0], 0, -1, -1, -1.5);
    }
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    try (OnnxEmbedder embedder = OnnxEmbedder.open(Fixtures.model("embedder"))) {
      float[][] expected = embedder.embed(List.of(RED, BLUE));
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<float[][]>> futures = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
          futures.add(pool.submit(() -> embedder.embed(List.of(RED, BLUE))));
        }
        for (Future<float[][]> f : futures) {
          assertThat(f.get()).isDeepEqualTo(expected);
        }
      } finally {
        pool.shutdown();
      }
      assertThat(embedder.predictorCount()).isBetween(1, 7);
    }
  }

  @Test
  void zeroVectorsStayZeroAndOthersBecomeUnit() {
    assertThat(UnitVectors.normalize(new float[] {0, 0, 0})).containsExactly(0, 0, 0);
    assertThat(UnitVectors.normalize(new float[] {3, 4})).containsExactly(0.6f, 0.8f);
    assertThat(UnitVectors.normalize(new float[] {Float.NaN, 1})).containsExactly(0, 0);
  }

  private static void assertUnit(float[] actual, double... raw) {
    double n = 0;
    for (double r : raw) {
      n += r * r;
    }
    n = Math.sqrt(n);
    for (int i = 0; i < raw.length; i++) {
      assertThat((double) actual[i]).as("component %d", i).isCloseTo(raw[i] / n, within(1e-5));
    }
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
