package com.buythatlook.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CLIP-style input ({@code resize: "shortest-side-crop"}, {@code interpolation: "bicubic"}) against
 * the tensors Pillow and numpy make of the same photos, written by {@code
 * src/test/python/clip_reference.py} (run it again to regenerate them).
 */
class PreprocessorClipTest {
  private static final int SIZE = 64;

  private static ModelInput clip(Interpolation interpolation) {
    return new ModelInput(
        "pixel_values",
        SIZE,
        SIZE,
        ColorOrder.RGB,
        "NCHW",
        255.0,
        List.of(0.48145466, 0.4578275, 0.40821073),
        List.of(0.26862954, 0.26130258, 0.27577711),
        ResizeMode.SHORTEST_SIDE_CROP,
        0,
        interpolation);
  }

  @ParameterizedTest
  @ValueSource(strings = {"shrink-landscape", "enlarge-portrait", "wide-odd"})
  void javaAndPythonAgreeOnTheClipInputWithin1e3(String name) throws IOException {
    RgbImage photo = png(name + ".png");
    float[] python = floats(name + ".clip64.f32");
    float[] java = new float[3 * SIZE * SIZE];

    InputTransform t = new Preprocessor(clip(Interpolation.BICUBIC)).write(photo, java, 0);

    assertThat(Math.min(t.resizedWidth(), t.resizedHeight())).isEqualTo(SIZE);
    assertThat(maxAbsDiff(java, python)).as(name).isLessThanOrEqualTo(1e-3);
    // the test can tell: OpenCV's area/linear resize (the default) is far off Pillow's bicubic
    float[] area = new float[java.length];
    new Preprocessor(clip(Interpolation.AREA)).write(photo, area, 0);
    assertThat(maxAbsDiff(area, python)).as(name + " with area").isGreaterThan(0.05);
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static RgbImage png(String resource) throws IOException {
    try (InputStream in = stream(resource)) {
      BufferedImage img = ImageIO.read(in);
      byte[] rgb = new byte[img.getWidth() * img.getHeight() * 3];
      for (int y = 0, p = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++, p += 3) {
          int v = img.getRGB(x, y);
          rgb[p] = (byte) (v >> 16);
          rgb[p + 1] = (byte) (v >> 8);
          rgb[p + 2] = (byte) v;
        }
      }
      return new RgbImage(img.getWidth(), img.getHeight(), rgb);
    }
  }

  private static float[] floats(String resource) throws IOException {
    try (InputStream in = stream(resource)) {
      ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[b.remaining() / 4];
      b.asFloatBuffer().get(out);
      return out;
    }
  }

  private static InputStream stream(String resource) {
    InputStream in = PreprocessorClipTest.class.getResourceAsStream("/preprocess/" + resource);
    assertThat(in).as(resource).isNotNull();
    return in;
  }
}
