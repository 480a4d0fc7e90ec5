package com.buythatlook.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.vision.embed.OnnxEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Models a user brings, refused at load in one sentence rather than with a stack trace at the first
 * photo (fixtures written by src/test/python/make_byo_models.py).
 */
class ModelLoadChecksTest {

  @Test
  void aFloat16InputIsRefusedAtLoad() {
    assertThatThrownBy(() -> OnnxEmbedder.open(Fixtures.model("byo-fp16")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input 'pixels' is float16 but the runners feed float32")
        .hasMessageContaining("keep_io_types=True")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aUint8InputIsRefusedAtLoad() {
    assertThatThrownBy(() -> OnnxEmbedder.open(Fixtures.model("byo-uint8")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input 'pixels' is uint8 but the runners feed float32");
  }

  @Test
  void aSymbolicSizeTheGraphCannotTakeIsRefusedAtLoad() {
    // [N, 3, H, W] with a fixed-size MatMul after it: only 32×32 works; the manifest says 64×64
    assertThatThrownBy(() -> OnnxEmbedder.open(Fixtures.model("byo-symbolic-wrong-size")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("has a symbolic size, and at the manifest's 64×64 it fails")
        .hasMessageContaining("set input.width and input.height")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aSymbolicSizeAtAWorkingManifestSizeRuns() {
    try (OnnxEmbedder e = OnnxEmbedder.open(Fixtures.model("byo-symbolic"))) {
      float[][] rows =
          e.embed(
              List.of(Fixtures.solid(50, 20, 200, 30, 90), Fixtures.solid(10, 40, 10, 220, 40)));
      assertThat(rows).hasNumberOfRows(2);
      assertThat(rows[0]).hasSize(4);
      double norm = 0;
      for (float v : rows[0]) {
        norm += v * v;
      }
      assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }
  }
}
