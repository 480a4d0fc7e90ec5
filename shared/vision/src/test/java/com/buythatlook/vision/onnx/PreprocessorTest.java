package com.buythatlook.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

  private static ModelInput input(ResizeMode resize, ColorOrder order) {
    return new ModelInput(
        "x",
        8,
        8,
        order,
        "NCHW",
        255.0,
        List.of(0.5, 0.25, 0.0),
        List.of(0.5, 0.25, 1.0),
        resize,
        51);
  }

  @Test
  void letterboxCentresThePhotoAndPadsWithThePadValue() {
    // 16×4 → scale 0.5 → 8×2, centred: 3 rows of padding above and below
    RgbImage photo = Fixtures.solid(16, 4, 255, 0, 102);
    float[] out = new float[2 + 3 * 64];

    InputTransform t =
        new Preprocessor(input(ResizeMode.LETTERBOX, ColorOrder.RGB)).write(photo, out, 2);

    assertThat(t).isEqualTo(new InputTransform(16, 4, 8, 2, 0, 3));
    float padR = (float) ((51 / 255.0 - 0.5) / 0.5);
    float padB = (float) (51 / 255.0);
    for (int y = 0; y < 8; y++) {
      boolean photoRow = y == 3 || y == 4;
      // channel 0 (R): (1 − 0.5) / 0.5 = 1; channel 2 (B): 0.4
      assertThat(out[2 + y * 8 + 5]).isCloseTo(photoRow ? 1f : padR, within(1e-6f));
      assertThat(out[2 + 128 + y * 8]).isCloseTo(photoRow ? 0.4f : padB, within(1e-6f));
    }
    assertThat(out[0]).isZero(); // nothing written before the offset
  }

  @Test
  void portraitLetterboxMatchesAPixelByPixelReading() {
    // 4×16 → 2×8, 3 columns of padding left and right; every pixel a different colour
    byte[] rgb = new byte[4 * 16 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 37);
    }
    RgbImage photo = new RgbImage(4, 16, rgb);
    ModelInput in = input(ResizeMode.LETTERBOX, ColorOrder.BGR);
    float[] out = new float[1 + 3 * 64];

    InputTransform t = new Preprocessor(in).write(photo, out, 1);

    assertThat(t).isEqualTo(new InputTransform(4, 16, 2, 8, 3, 0));
    byte[] small = OpenCvResize.area(photo, 2, 8);
    for (int c = 0; c < 3; c++) {
      int source = 2 - c; // BGR: tensor channel 0 reads blue
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          int v = x < 3 || x >= 5 ? 51 : small[(y * 2 + x - 3) * 3 + source] & 0xFF;
          float expected = (float) ((v / 255.0 - in.mean().get(c)) / in.std().get(c));
          assertThat(out[1 + c * 64 + y * 8 + x])
              .as("c%d y%d x%d", c, y, x)
              .isCloseTo(expected, within(1e-6f));
        }
      }
    }
  }

  @Test
  void bgrSwapsTheChannelPlanes() {
    float[] out = new float[3 * 64];
    new Preprocessor(input(ResizeMode.STRETCH, ColorOrder.BGR))
        .write(Fixtures.solid(3, 5, 255, 0, 0), out, 0);

    // plane 0 is blue (0 → (0 − 0.5) / 0.5 = −1), plane 2 is red ((1 − 0) / 1 = 1)
    assertThat(out[0]).isEqualTo(-1f);
    assertThat(out[2 * 64 + 63]).isEqualTo(1f);
  }

  @Test
  void transformsMapBoxesBothWays() {
    ModelInput in = input(ResizeMode.LETTERBOX, ColorOrder.RGB);
    InputTransform portrait = InputTransform.of(100, 200, in);
    assertThat(portrait).isEqualTo(new InputTransform(100, 200, 4, 8, 2, 0));
    assertThat(portrait.toSource(2, 0, 6, 8)).isEqualTo(new Box(0, 0, 100, 200));
    assertThat(portrait.toSource(0, -1, 9, 9)).isEqualTo(new Box(0, 0, 100, 200));

    InputTransform stretch = InputTransform.of(16, 4, input(ResizeMode.STRETCH, ColorOrder.RGB));
    assertThat(stretch.toSource(1, 1, 3, 2)).isEqualTo(new Box(2, 0.5, 4, 0.5));
    assertThat(stretch.toInputX(stretch.toSourceX(5.5))).isCloseTo(5.5, within(1e-12));
  }
}
