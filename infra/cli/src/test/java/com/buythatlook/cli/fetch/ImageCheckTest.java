package com.buythatlook.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.buythatlook.core.image.ImageFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageCheckTest {
  private static final byte[] JPEG = TestImages.jpeg(64, 48, 7);
  private static final byte[] PNG = TestImages.png(30, 20, 7);

  @Test
  void acceptsCompleteJpegPngAndWebp() throws Exception {
    assertThat(ImageCheck.validate(JPEG, "image/jpeg")).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageCheck.validate(PNG, null)).isEqualTo(ImageFormat.PNG);
    assertThat(ImageCheck.validate(TestImages.webp(40), "image/webp")).isEqualTo(ImageFormat.WEBP);
    assertThat(ImageFormat.JPEG.extension()).isEqualTo("jpg");
  }

  @Test
  void aJpegCutShortIsTruncatedAndWorthARetryThoughImageIoWouldDecodeIt() {
    // ImageIO paints the missing part grey and only warns; the marker walk catches it.
    for (int length : new int[] {3, 20, JPEG.length / 2, JPEG.length - 2}) {
      FetchFailure f = failure(Arrays.copyOf(JPEG, length));
      assertThat(f.reason()).as("cut at %d", length).startsWith("truncated: the JPEG stops");
      assertThat(f.retryable()).isTrue();
    }
  }

  @Test
  void anEndMarkerInsideAnEarlierSegmentDoesNotHideATruncation() throws Exception {
    // An APP1 segment (like an EXIF thumbnail) that contains FF D9 before the real scan.
    byte[] app1 = {(byte) 0xff, (byte) 0xe1, 0, 6, (byte) 0xff, (byte) 0xd9, 0x12, 0x34};
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(JPEG, 0, 2);
    b.write(app1);
    b.write(JPEG, 2, JPEG.length - 2);
    byte[] withThumbnailMarker = b.toByteArray();

    assertThat(ImageCheck.validate(withThumbnailMarker, null)).isEqualTo(ImageFormat.JPEG);
    assertThat(
            failure(Arrays.copyOf(withThumbnailMarker, withThumbnailMarker.length - 40)).reason())
        .startsWith("truncated");
  }

  @Test
  void aPngWithoutItsEndChunkIsTruncated() {
    FetchFailure f = failure(Arrays.copyOf(PNG, PNG.length - 12));
    assertThat(f.reason()).startsWith("truncated: the PNG stops");
    assertThat(f.retryable()).isTrue();
  }

  @Test
  void aWebpShorterThanItsRiffSizeIsTruncated() {
    byte[] webp = TestImages.webp(100);
    FetchFailure f = failure(Arrays.copyOf(webp, 60));
    assertThat(f.reason())
        .isEqualTo("truncated: the WEBP stops before its end (got 60 of 112 bytes)");
  }

  @Test
  void anHtmlPageServedAsJpegIsNotAnImageAndNotRetried() {
    FetchFailure f =
        catchThrowableOfType(
            FetchFailure.class, () -> ImageCheck.validate(TestImages.html(), "image/jpeg"));
    assertThat(f.reason()).isEqualTo("not an image: an HTML page (served as image/jpeg)");
    assertThat(f.retryable()).isFalse();
  }

  @Test
  void namesWhatOtherNonImagesLookLike() {
    assertThat(failure(new byte[0]).reason()).isEqualTo("not an image: empty body (0 bytes)");
    assertThat(failure(ascii("{\"error\": \"gone\"}")).reason())
        .isEqualTo("not an image: JSON text");
    assertThat(failure(ascii("<svg xmlns='http://www.w3.org/2000/svg'/>")).reason())
        .startsWith("not an image: an SVG drawing");
    assertThat(failure(new byte[] {1, 2, 3, (byte) 0xff}).reason())
        .isEqualTo("not an image: unknown format (4 bytes starting 01 02 03 ff)");
  }

  @Test
  void bytesThatLookLikeAJpegButDoNotDecodeAreUnusable() {
    byte[] fake = Arrays.copyOf(JPEG, JPEG.length);
    // Keep the markers (so the structure is complete) but wreck the frame header.
    Arrays.fill(fake, 2, 2 + 200, (byte) 0x00);
    assertThatThrownBy(() -> ImageCheck.validate(fake, null))
        .isInstanceOf(FetchFailure.class)
        .satisfies(e -> assertThat(((FetchFailure) e).retryable()).isFalse());
  }

  private static FetchFailure failure(byte[] bytes) {
    FetchFailure f =
        catchThrowableOfType(FetchFailure.class, () -> ImageCheck.validate(bytes, null));
    assertThat(f).as("expected a failure").isNotNull();
    return f;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
