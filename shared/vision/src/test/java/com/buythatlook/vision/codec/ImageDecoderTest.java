package com.buythatlook.vision.codec;

import static com.buythatlook.vision.codec.TestImages.BLUE;
import static com.buythatlook.vision.codec.TestImages.GREEN;
import static com.buythatlook.vision.codec.TestImages.RED;
import static com.buythatlook.vision.codec.TestImages.WHITE;
import static com.buythatlook.vision.codec.TestImages.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.image.RgbImage;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

class ImageDecoderTest {

  private final ImageDecoder decoder = ImageDecoder.withDefaultLimits();

  // ------------------------------------------------------------------ formats and colour

  @Test
  void decodesPngLosslesslyAsRgb() {
    RgbImage img = decoder.decode(TestImages.encode(TestImages.quadrants(), "png"));

    assertThat(img.width()).isEqualTo(40);
    assertThat(img.height()).isEqualTo(20);
    assertQuadrants(img, RED, GREEN, BLUE, WHITE, 0);
  }

  @Test
  void decodesJpegAndWebp() {
    assertQuadrants(
        decoder.decode(TestImages.encode(TestImages.quadrants(), "jpg")),
        RED,
        GREEN,
        BLUE,
        WHITE,
        40);
    RgbImage source = decoder.decode(TestImages.encode(TestImages.quadrants(), "png"));
    byte[] lossless = ImageEncoder.webpLossless(source);
    assertThat(decoder.inspect(lossless).format()).isEqualTo(ImageFormat.WEBP);
    assertQuadrants(decoder.decode(lossless), RED, GREEN, BLUE, WHITE, 0);
    byte[] lossy =
        TestImages.encode(
            TestImages.bgra(24, 12, 255, 0, 0, 255),
            ".webp",
            Imgcodecs.IMWRITE_WEBP_QUALITY,
            90); // an opaque 4-channel Mat still encodes as VP8
    RgbImage blue = decoder.decode(lossy);
    assertThat(blue.width()).isEqualTo(24);
    assertColour(blue, 12, 6, BLUE, 20);
  }

  @Test
  void progressiveJpegsAndBytesAfterTheEndMarkerAreFine() throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT); // several scans, DHTs between them
      writer.write(null, new IIOImage(TestImages.quadrants(), null, null), p);
    } finally {
      writer.dispose();
    }
    byte[] progressive = out.toByteArray();
    assertQuadrants(decoder.decode(progressive), RED, GREEN, BLUE, WHITE, 40);

    byte[] padded = Arrays.copyOf(progressive, progressive.length + 100); // zero padding
    assertThat(decoder.inspect(padded).complete()).isTrue();
  }

  @Test
  void greyscaleBecomesThreeEqualChannels() {
    BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(3, 3, 0, 77);
    for (String format : new String[] {"png", "jpg"}) {
      RgbImage img = decoder.decode(TestImages.encode(grey, format));
      assertThat(img.red(3, 3)).isEqualTo(img.green(3, 3)).isEqualTo(img.blue(3, 3));
      assertThat(img.red(0, 0)).isZero();
    }
  }

  @Test
  void sixteenBitPngIsScaledToEightBits() {
    BufferedImage deep = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
    deep.getRaster().setSample(0, 0, 0, 0xFFFF);
    deep.getRaster().setSample(1, 0, 0, 0x8080);

    RgbImage img = decoder.decode(TestImages.encode(deep, "png"));

    assertThat(img.red(0, 0)).isEqualTo(255);
    assertThat(img.green(1, 0)).isEqualTo(128);
    assertThat(img.blue(2, 0)).isZero();
  }

  @Test
  void transparencyIsCompositedOverWhite() {
    BufferedImage argb = new BufferedImage(4, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00000000); // fully transparent black
    argb.setRGB(1, 0, 0x80FF0000); // half-transparent red
    argb.setRGB(2, 0, 0xFF0000FF); // opaque blue

    RgbImage img = decoder.decode(TestImages.encode(argb, "png"));

    assertThat(rgb(img, 0, 0)).isEqualTo(WHITE);
    assertThat(new int[] {img.red(1, 0), img.green(1, 0), img.blue(1, 0)})
        .containsExactly(255, 127, 127);
    assertThat(rgb(img, 2, 0)).isEqualTo(BLUE);
  }

  @Test
  void paletteTransparencyAndWebpAlphaAreCompositedToo() {
    byte[] r = {(byte) 255, 0};
    byte[] g = {0, 0};
    byte[] b = {0, 0};
    IndexColorModel palette = new IndexColorModel(8, 2, r, g, b, 1); // index 1 transparent
    BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
    indexed.getRaster().setSample(0, 0, 0, 0);
    indexed.getRaster().setSample(1, 0, 0, 1);
    RgbImage png = decoder.decode(TestImages.encode(indexed, "png"));
    assertThat(rgb(png, 0, 0)).isEqualTo(RED);
    assertThat(rgb(png, 1, 0)).isEqualTo(WHITE);

    byte[] webp =
        TestImages.encode(
            TestImages.bgra(6, 6, 0, 0, 0, 0), ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
    assertThat(decoder.inspect(webp).hasAlpha()).isTrue();
    assertThat(rgb(decoder.decode(webp), 3, 3)).isEqualTo(WHITE);
  }

  @Test
  void cmykJpegIsConvertedToRgb() throws Exception {
    byte[] cmyk;
    try (InputStream in = getClass().getResourceAsStream("/images/cmyk.jpg")) {
      cmyk = in.readAllBytes(); // written by src/test/python/make_test_images.py
    }
    RgbImage img = decoder.decode(cmyk);

    assertColour(img, 5, 10, RED, 12);
    assertColour(img, 35, 10, BLUE, 12);
  }

  // ------------------------------------------------------------------ EXIF orientation

  @Test
  void exifOrientationIsApplied() {
    byte[] jpeg = TestImages.encode(TestImages.quadrants(), "jpg");

    RgbImage upright = decoder.decode(TestImages.withExifOrientation(jpeg, 1));
    assertQuadrants(upright, RED, GREEN, BLUE, WHITE, 40);

    RgbImage mirrored = decoder.decode(TestImages.withExifOrientation(jpeg, 2));
    assertQuadrants(mirrored, GREEN, RED, WHITE, BLUE, 40);

    RgbImage upsideDown = decoder.decode(TestImages.withExifOrientation(jpeg, 3));
    assertQuadrants(upsideDown, WHITE, BLUE, GREEN, RED, 40);

    // 6: rotate 90° clockwise to display; the 40×20 photo shows as 20×40
    byte[] six = TestImages.withExifOrientation(jpeg, 6);
    assertThat(decoder.inspect(six).orientation()).isEqualTo(6);
    RgbImage clockwise = decoder.decode(six);
    assertThat(clockwise.width()).isEqualTo(20);
    assertThat(clockwise.height()).isEqualTo(40);
    assertQuadrants(clockwise, BLUE, RED, WHITE, GREEN, 40);

    RgbImage anticlockwise = decoder.decode(TestImages.withExifOrientation(jpeg, 8));
    assertQuadrants(anticlockwise, GREEN, WHITE, RED, BLUE, 40);
  }

  @Test
  void allEightOrientationsAgreeWithOpenCvsOwn() {
    OpenCv.load();
    byte[] jpeg = TestImages.encode(TestImages.quadrants(), "jpg");
    for (int orientation = 1; orientation <= 8; orientation++) {
      byte[] file = TestImages.withExifOrientation(jpeg, orientation);
      Mat reference = Imgcodecs.imdecode(new MatOfByte(file), Imgcodecs.IMREAD_COLOR);

      RgbImage ours = decoder.decode(file);

      assertThat(ours.rgb())
          .as("orientation %d", orientation)
          .isEqualTo(OpenCv.fromBgrMat(reference).rgb());
      reference.release();
    }
  }

  @Test
  void pngOrientationAppliesWithAndWithoutTransparency() {
    byte[] opaque =
        TestImages.pngWithExifOrientation(TestImages.encode(TestImages.quadrants(), "png"), 6);
    BufferedImage argb = new BufferedImage(40, 20, BufferedImage.TYPE_INT_ARGB);
    argb.getGraphics().drawImage(TestImages.quadrants(), 0, 0, null);
    argb.setRGB(39, 19, 0); // one transparent pixel makes it a file with alpha
    byte[] transparent = TestImages.pngWithExifOrientation(TestImages.encode(argb, "png"), 6);
    assertThat(decoder.inspect(transparent).hasAlpha()).isTrue();

    for (byte[] file : new byte[][] {opaque, transparent}) {
      RgbImage img = decoder.decode(file);
      assertThat(img.width()).isEqualTo(20);
      assertThat(img.height()).isEqualTo(40);
      assertQuadrants(img, BLUE, RED, WHITE, GREEN, 0);
    }
  }

  // ------------------------------------------------------------------ limits

  @Test
  void bombHeadersAreRefusedBeforeDecoding() {
    ImageRejectedException png = rejected(TestImages.pngHeader(100_000, 100_000));
    assertThat(png.reason()).isEqualTo(RejectionReason.TOO_MANY_PIXELS);
    assertThat(png.reason().code()).isEqualTo("too_many_pixels");
    assertThat(png).hasMessage("image is 100000×100000 pixels; the limit is 40 megapixels");

    assertThat(rejected(TestImages.jpegHeader(60_000, 60_000)))
        .hasMessage("image is 60000×60000 pixels; the limit is 40 megapixels");
    assertThat(rejected(TestImages.webpHeader(16_384, 16_384, false)).reason())
        .isEqualTo(RejectionReason.TOO_MANY_PIXELS);
  }

  @Test
  void pixelAndByteLimitsAreConfigurable(@TempDir Path tmp) throws Exception {
    byte[] png = TestImages.encode(TestImages.quadrants(), "png");
    ImageDecoder small = new ImageDecoder(new ImageLimits(100, 799));

    assertThat(rejected(small, png).reason()).isEqualTo(RejectionReason.TOO_MANY_BYTES);
    assertThat(rejected(new ImageDecoder(new ImageLimits(1 << 20, 799)), png))
        .hasMessage("image is 40×20 pixels; the limit is 799 pixels");
    assertThat(new ImageDecoder(new ImageLimits(1 << 20, 800)).decode(png).width()).isEqualTo(40);

    Path file = tmp.resolve("big.png");
    Files.write(file, png);
    ImageRejectedException e =
        catchThrowableOfType(ImageRejectedException.class, () -> small.read(file));
    assertThat(e.reason()).isEqualTo(RejectionReason.TOO_MANY_BYTES);
    assertThat(e).hasMessage("image is " + png.length + " bytes; the limit is 100 bytes");
  }

  @Test
  void truncatedFilesAreRefused() {
    byte[] jpeg = TestImages.encode(TestImages.quadrants(), "jpg");
    byte[] png = TestImages.encode(TestImages.quadrants(), "png");
    byte[] webp = ImageEncoder.webpLossless(decoder.decode(png));

    for (byte[] cut :
        new byte[][] {
          Arrays.copyOf(jpeg, jpeg.length - 2), // no EOI
          Arrays.copyOf(jpeg, jpeg.length / 2),
          Arrays.copyOf(jpeg, 12), // inside the headers
          Arrays.copyOf(png, png.length - 12), // no IEND
          Arrays.copyOf(png, 20),
          Arrays.copyOf(webp, webp.length - 5)
        }) {
      assertThat(rejected(cut).reason()).isEqualTo(RejectionReason.TRUNCATED);
    }
    assertThat(rejected(Arrays.copyOf(jpeg, jpeg.length - 2)))
        .hasMessageContaining("the JPEG file ends early");
  }

  @Test
  void thingsThatAreNotPhotosAreRefusedWithWhatTheyAre() {
    assertThat(rejected(new byte[0]).reason()).isEqualTo(RejectionReason.EMPTY);
    ImageRejectedException text = rejected("hello, world".getBytes());
    assertThat(text.reason()).isEqualTo(RejectionReason.UNSUPPORTED_FORMAT);
    assertThat(text)
        .hasMessage("the file is not an image in a format we accept (JPEG, PNG or WebP)");
    assertThat(rejected(TestImages.encode(TestImages.quadrants(), "gif")))
        .hasMessage("the file is a GIF image; only JPEG, PNG and WebP are accepted");
    assertThat(rejected(TestImages.encode(TestImages.quadrants(), "bmp")))
        .hasMessageContaining("a BMP");
    assertThat(rejected(TestImages.webpHeader(100, 100, true)))
        .hasMessageContaining("animated WebP is not supported");
  }

  @Test
  void corruptDataWithAnIntactStructureIsRefused() {
    byte[] png = TestImages.encode(TestImages.quadrants(), "png");
    // scramble the compressed pixel data (IDAT starts after signature 8 + IHDR 25 + header 8)
    for (int i = 41; i < png.length - 16; i++) {
      png[i] = (byte) (png[i] ^ 0x5A);
    }

    ImageRejectedException e = rejected(png);
    assertThat(e.reason()).isEqualTo(RejectionReason.CORRUPT);
    assertThat(e).hasMessage("the PNG file's image data is corrupt and cannot be decoded");
  }

  @Test
  void inspectReportsTheHeaderWithoutDecoding() {
    ImageHeader h = decoder.inspect(TestImages.encode(TestImages.quadrants(), "jpg"));

    assertThat(h).isEqualTo(new ImageHeader(ImageFormat.JPEG, 40, 20, false, 1, true));
    assertThat(h.format().extension()).isEqualTo("jpg");
  }

  // ------------------------------------------------------------------ helpers

  private ImageRejectedException rejected(byte[] bytes) {
    return rejected(decoder, bytes);
  }

  private static ImageRejectedException rejected(ImageDecoder decoder, byte[] bytes) {
    ImageRejectedException e =
        catchThrowableOfType(ImageRejectedException.class, () -> decoder.decode(bytes));
    assertThat(e).as("rejected").isNotNull();
    return e;
  }

  /** Checks the centre of each quadrant: top-left, top-right, bottom-left, bottom-right. */
  private static void assertQuadrants(RgbImage img, int tl, int tr, int bl, int br, int tol) {
    int qx = img.width() / 4;
    int qy = img.height() / 4;
    assertColour(img, qx, qy, tl, tol);
    assertColour(img, 3 * qx, qy, tr, tol);
    assertColour(img, qx, 3 * qy, bl, tol);
    assertColour(img, 3 * qx, 3 * qy, br, tol);
  }

  private static void assertColour(RgbImage img, int x, int y, int expected, int tol) {
    Color e = new Color(expected);
    assertThat(new int[] {img.red(x, y), img.green(x, y), img.blue(x, y)})
        .as("pixel %d,%d", x, y)
        .satisfies(
            a -> {
              assertThat(Math.abs(a[0] - e.getRed())).isLessThanOrEqualTo(tol);
              assertThat(Math.abs(a[1] - e.getGreen())).isLessThanOrEqualTo(tol);
              assertThat(Math.abs(a[2] - e.getBlue())).isLessThanOrEqualTo(tol);
            });
  }
}
