package com.buythatlook.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.buythatlook.core.image.RgbImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColourHistogramEmbedderTest {

  private final ColourHistogramEmbedder embedder = new ColourHistogramEmbedder();

  private static RgbImage solid(int w, int h, int r, int g, int b) {
    byte[] px = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      px[3 * i] = (byte) r;
      px[3 * i + 1] = (byte) g;
      px[3 * i + 2] = (byte) b;
    }
    return new RgbImage(w, h, px);
  }

  private static RgbImage noise(int w, int h, long seed) {
    byte[] px = new byte[w * h * 3];
    new Random(seed).nextBytes(px);
    return new RgbImage(w, h, px);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(float[] a) {
    return Math.sqrt(dot(a, a));
  }

  @Test
  void preparedCropsGiveTheSameRowsAsEmbedAndAsOneImage() {
    List<RgbImage> crops = List.of(solid(40, 30, 200, 30, 30), noise(64, 48, 3), noise(9, 7, 4));

    // the index job prepares on its decode workers, then embeds the prepared batch
    List<float[]> prepared = crops.stream().map(embedder::prepare).toList();
    float[][] rows = embedder.embedPrepared(prepared);

    assertThat(rows).isDeepEqualTo(embedder.embed(crops));
    for (int i = 0; i < crops.size(); i++) {
      assertThat(rows[i]).isEqualTo(embedder.embed(crops.get(i)));
    }
    assertThat(rows[0]).isNotEqualTo(rows[1]);
  }

  @Test
  void vectorsHaveUnitNormAndTheAdvertisedDimension() {
    List<RgbImage> images =
        List.of(
            solid(40, 30, 200, 30, 30),
            solid(1, 1, 0, 0, 0),
            solid(3, 2, 255, 255, 255),
            noise(64, 48, 1),
            noise(700, 500, 2)); // large enough to be sampled on a grid

    float[][] vectors = embedder.embed(images);

    assertThat(vectors).hasNumberOfRows(images.size());
    for (float[] v : vectors) {
      assertThat(v).hasSize(embedder.dimension());
      assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void identicalImagesHaveCosineOne() {
    float[] a = embedder.embed(noise(50, 80, 7));
    float[] b = embedder.embed(noise(50, 80, 7));

    assertThat(dot(a, b)).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void theSameColourAtAnotherSizeHasCosineOne() {
    // a shop photo and a street crop of the same garment differ in size, not in colour
    float[] small = embedder.embed(solid(20, 30, 30, 90, 200));
    float[] large = embedder.embed(solid(300, 200, 30, 90, 200));

    assertThat(dot(small, large)).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void differentColoursAreLessSimilar() {
    float[] red = embedder.embed(solid(32, 32, 210, 30, 30));
    float[] darkerRed = embedder.embed(solid(32, 32, 160, 20, 20));
    float[] blue = embedder.embed(solid(32, 32, 30, 40, 210));
    float[] white = embedder.embed(solid(32, 32, 245, 245, 245));

    double redVsDarkerRed = dot(red, darkerRed);
    double redVsBlue = dot(red, blue);
    double redVsWhite = dot(red, white);

    // a shade of the same hue is closer than another hue; all are clearly below 1
    assertThat(redVsDarkerRed).isLessThan(0.99).isGreaterThan(redVsBlue);
    assertThat(redVsBlue).isLessThan(0.1);
    assertThat(redVsWhite).isLessThan(0.1);
  }

  @Test
  void greysAreComparedByLightnessNotByNoisyHue() {
    // two near-greys with opposite tints: their hue differs by 180°, but both are grey
    float[] bluishGrey = embedder.embed(solid(32, 32, 126, 128, 131));
    float[] reddishGrey = embedder.embed(solid(32, 32, 131, 128, 126));
    float[] black = embedder.embed(solid(32, 32, 10, 10, 10));

    assertThat(dot(bluishGrey, reddishGrey)).isCloseTo(1.0, within(1e-6));
    assertThat(dot(bluishGrey, black)).isLessThan(0.5);
  }

  @Test
  void theCentreCountsMoreThanTheCorners() {
    // given a red garment in the middle of a white background, and the same red with a white
    // centre (the colours of the two swapped), against a plain red photo
    int w = 60;
    int h = 60;
    byte[] centreRed = new byte[w * h * 3];
    byte[] centreWhite = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean centre = Math.abs(x - 30) < 18 && Math.abs(y - 30) < 18;
        int o = (y * w + x) * 3;
        setPixel(centreRed, o, centre);
        setPixel(centreWhite, o, !centre);
      }
    }
    float[] red = embedder.embed(solid(w, h, 200, 20, 20));

    double garmentInTheMiddle = dot(red, embedder.embed(new RgbImage(w, h, centreRed)));
    double garmentAtTheEdges = dot(red, embedder.embed(new RgbImage(w, h, centreWhite)));

    assertThat(garmentInTheMiddle).isGreaterThan(garmentAtTheEdges);
  }

  private static void setPixel(byte[] px, int o, boolean red) {
    px[o] = (byte) (red ? 200 : 250);
    px[o + 1] = (byte) (red ? 20 : 250);
    px[o + 2] = (byte) (red ? 20 : 250);
  }

  @Test
  void isNamedForReports() {
    assertThat(embedder.name()).isEqualTo("colour-histogram");
  }
}
