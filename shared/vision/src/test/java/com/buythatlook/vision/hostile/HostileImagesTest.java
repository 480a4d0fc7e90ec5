package com.buythatlook.vision.hostile;

import static com.buythatlook.vision.codec.TestImages.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.vision.codec.HeaderReader;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageRejectedException;
import com.buythatlook.vision.pipeline.StepOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile upload goes through the detect step with the service's settings and the real
 * default detector, and ends DETECTED or FAILED with a sentence a person can read; none takes
 * longer than 10 s ({@code assertTimeoutPreemptively} is a hang guard, not a speed test: the
 * slowest case takes about a second). Memory is measured by {@code HostileCorpusRun} under {@code
 * -Xmx256m}, not here.
 *
 * <p>What is right for each file is written down in {@link #EXPECTED}: anything that is not a JPEG,
 * PNG or still WebP, is cut short, is corrupt in its structure or promises more than 40 megapixels
 * fails, with a reason that names the problem. So does a JPEG with more than {@link
 * HeaderReader#MAX_JPEG_SCANS} scans: the scan bomb in the corpus took 87 s to decode before that
 * limit existed. Legitimate oddities succeed: grey, 16-bit, CMYK, transparent (composited over
 * white), EXIF-rotated (width and height swapped), 1×1 and 20000×20 (zero items: the detector finds
 * nothing in them), a progressive JPEG, a JPEG named .png (the bytes decide, not the name), and a
 * JPEG whose entropy-coded data is garbage (its structure is intact and libjpeg decodes it with a
 * warning, as any viewer would show it; refusing it would need a full decode to judge, for no
 * gain).
 */
class HostileImagesTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  /** What must become of each case: FAILED with words in the reason, or DETECTED at a size. */
  private record Expected(LookStatus status, String reasonContains, int width, int height) {
    static Expected failed(String reasonContains) {
      return new Expected(LookStatus.FAILED, reasonContains, 0, 0);
    }

    static Expected detected(int width, int height) {
      return new Expected(LookStatus.DETECTED, null, width, height);
    }
  }

  private static final Map<String, Expected> EXPECTED = new LinkedHashMap<>();

  static {
    // not images at all: the reason says what the file is when we can tell
    EXPECTED.put("empty", Expected.failed("the image is empty (0 bytes)"));
    EXPECTED.put("html-named-jpg", Expected.failed("the file is an HTML page, not a photo"));
    EXPECTED.put("text-named-jpg", Expected.failed("not an image in a format we accept"));
    EXPECTED.put("pdf-named-jpg", Expected.failed("the file is a PDF document, not a photo"));
    EXPECTED.put("svg-named-jpg", Expected.failed("the file is an SVG drawing, not a photo"));
    EXPECTED.put("gif-named-jpg", Expected.failed("the file is a GIF image"));
    EXPECTED.put("random-after-jpeg-soi", Expected.failed("JPEG"));
    // broken
    EXPECTED.put("truncated-jpeg", Expected.failed("the JPEG file ends early"));
    EXPECTED.put("truncated-png", Expected.failed("the PNG file ends early"));
    EXPECTED.put("png-corrupt-idat", Expected.failed("image data is corrupt"));
    EXPECTED.put("jpeg-corrupt-scan", Expected.detected(320, 240));
    EXPECTED.put("jpeg-dnl-height-0", Expected.failed("(DNL) are not supported"));
    // bombs: refused from the header, before any pixel is allocated
    EXPECTED.put(
        "png-bomb-100000x100000",
        Expected.failed("image is 100000×100000 pixels; the limit is 40 megapixels"));
    EXPECTED.put(
        "jpeg-bomb-65535x65535",
        Expected.failed("image is 65535×65535 pixels; the limit is 40 megapixels"));
    EXPECTED.put(
        "webp-bomb-100000x100000",
        Expected.failed("image is 100000×100000 pixels; the limit is 40 megapixels"));
    EXPECTED.put("png-36mp-zeros", Expected.detected(6000, 6000)); // under the limit: decoded
    EXPECTED.put("jpeg-scan-bomb", Expected.failed("the JPEG has more than 100 scans"));
    // odd but legitimate
    EXPECTED.put("tiny-1x1", Expected.detected(1, 1));
    EXPECTED.put("wide-20000x20", Expected.detected(20000, 20));
    EXPECTED.put("tall-20x20000", Expected.detected(20, 20000));
    EXPECTED.put("png-16bit-rgb", Expected.detected(160, 120));
    EXPECTED.put("png-16bit-rgba", Expected.detected(160, 120));
    EXPECTED.put("cmyk-jpeg", Expected.detected(160, 120));
    EXPECTED.put("grey-jpeg", Expected.detected(160, 120));
    EXPECTED.put("grey-png", Expected.detected(160, 120));
    EXPECTED.put("alpha-png", Expected.detected(160, 120));
    EXPECTED.put("palette-trns-png", Expected.detected(160, 120));
    EXPECTED.put("exif-rotated-jpeg", Expected.detected(48, 96)); // stored 96×48
    EXPECTED.put("animated-webp", Expected.failed("animated WebP is not supported"));
    EXPECTED.put("progressive-jpeg", Expected.detected(320, 240));
    EXPECTED.put("jpeg-named-png", Expected.detected(320, 240));
  }

  private static List<HostileImages.Case> corpus;
  private static DetectHarness harness;

  /** The corpus, generated once (about 1.4 s) for {@link #cases()} and the tests alike. */
  private static synchronized List<HostileImages.Case> corpus() {
    if (corpus == null) {
      corpus = List.copyOf(HostileImages.all());
    }
    return corpus;
  }

  @TempDir static Path tmp;

  @BeforeAll
  static void open() {
    corpus();
    harness = new DetectHarness(DetectHarness.DEFAULT_DETECTOR, tmp);
  }

  @AfterAll
  static void close() {
    if (harness != null) {
      harness.close();
    }
  }

  static List<HostileImages.Case> cases() {
    return corpus();
  }

  @Test
  void theCorpusHasEveryKindTheIssueListsAndAnExpectationForEachCase() {
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(18);
    assertThat(corpus)
        .extracting(HostileImages.Case::name)
        .doesNotHaveDuplicates()
        .containsExactlyElementsOf(EXPECTED.keySet());
    // nothing big is generated, let alone committed: the bombs are bombs only by their headers
    assertThat(corpus).allSatisfy(c -> assertThat(c.bytes().length).isLessThan(512 * 1024));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsDetectedOrFailedWithAReadableReasonWithinTenSeconds(HostileImages.Case c) {
    // given
    String key = harness.upload(c);

    // when
    StepOutcome outcome =
        assertTimeoutPreemptively(HANG_GUARD, () -> harness.process(key, c.bytes().length));

    // then
    DetectHarness.Result r = harness.result(c, outcome);
    Expected expected = EXPECTED.get(c.name());
    assertThat(r.status()).as("%s: %s", c.name(), r).isEqualTo(expected.status());
    if (expected.status() == LookStatus.FAILED) {
      assertThat(outcome).isEqualTo(StepOutcome.FAILED);
      assertThat(ReadableReason.problem(r.reason())).as("reason '%s'", r.reason()).isEmpty();
      assertThat(r.reason()).contains(expected.reasonContains());
      assertThat(r.enqueued()).as("a failed look is not sent to embedding").isZero();
    } else {
      assertThat(outcome).isEqualTo(StepOutcome.ADVANCED);
      assertThat(r.reason()).isNull();
      assertThat(r.width()).isEqualTo(expected.width());
      assertThat(r.height()).isEqualTo(expected.height());
      assertThat(r.enqueued()).as("one embed message per look").isEqualTo(1);
    }
  }

  @Test
  void oddButLegitimateFilesDecodeToTheirRealColours() {
    // the scene's top is #1F3A93 around (80, 40) of a 160×120 picture; its left is #CBC8BD
    ImageDecoder decoder = ImageDecoder.withDefaultLimits();
    assertThat(rgb(decoder.decode(bytes("cmyk-jpeg")), 80, 40))
        .satisfies(
            px -> assertClose(px, 0x1F3A93, 8)); // not a negative: Adobe's inverted CMYK is read
    assertThat(rgb(decoder.decode(bytes("png-16bit-rgb")), 80, 40)).isEqualTo(0x1F3A93);
    assertThat(rgb(decoder.decode(bytes("png-16bit-rgba")), 20, 10))
        .as("transparent half over white")
        .isEqualTo(0xFFFFFF);
    assertThat(rgb(decoder.decode(bytes("png-16bit-rgba")), 140, 60)).isEqualTo(0x86919A);
    assertThat(rgb(decoder.decode(bytes("alpha-png")), 20, 60)).isEqualTo(0xFFFFFF);
    assertThat(rgb(decoder.decode(bytes("palette-trns-png")), 80, 10)).isEqualTo(0xFFFFFF);
    RgbImage grey = decoder.decode(bytes("grey-png"));
    int g = rgb(grey, 80, 40);
    assertThat(g >> 16).isEqualTo((g >> 8) & 0xFF).isEqualTo(g & 0xFF);
  }

  @Test
  void theScanLimitRefusesTheBombButNoRealProgressiveJpeg() {
    ImageDecoder decoder = ImageDecoder.withDefaultLimits();
    int natural = HostileImages.scans(HostileImages.progressive(HostileImages.scene(64, 48)));
    assertThat(natural).isEqualTo(10); // libjpeg's script for colour

    int spare = HeaderReader.MAX_JPEG_SCANS - natural;
    assertThat(decoder.decode(HostileImages.scanBomb(64, 48, spare)).width()).isEqualTo(64);
    assertThatThrownBy(() -> decoder.decode(HostileImages.scanBomb(64, 48, spare + 1)))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining("more than 100 scans");
  }

  private static byte[] bytes(String name) {
    return corpus.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().bytes();
  }

  private static void assertClose(int actual, int expected, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      int a = (actual >> shift) & 0xFF;
      int e = (expected >> shift) & 0xFF;
      assertThat(Math.abs(a - e))
          .as("#%06X vs #%06X", actual, expected)
          .isLessThanOrEqualTo(tolerance);
    }
  }
}
