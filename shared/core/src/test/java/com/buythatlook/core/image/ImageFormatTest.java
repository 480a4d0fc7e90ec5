package com.buythatlook.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

  @Test
  void sniffsEachFormatByItsFirstBytes() {
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}))
        .contains(ImageFormat.JPEG);
    assertThat(
            ImageFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0}))
        .contains(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(ascii("RIFF\0\0\0\0WEBPVP8 "))).contains(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff(ascii("GIF89a\1\0\1\0"))).contains(ImageFormat.GIF);
    byte[] bmp = new byte[26];
    bmp[0] = 'B';
    bmp[1] = 'M';
    bmp[14] = 40;
    assertThat(ImageFormat.sniff(bmp)).contains(ImageFormat.BMP);
  }

  @Test
  void textThatStartsLikeAFormatIsNotOne() {
    assertThat(ImageFormat.sniff(ascii("BMW drivers wear hats, often"))).isEmpty();
    assertThat(ImageFormat.sniff(ascii("<html><body>404</body></html>"))).isEmpty();
    assertThat(ImageFormat.sniff(ascii("RIFF"))).isEmpty();
    assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
  }

  @Test
  void onlyUploadFormatsAreNamedByContentTypeOrExtension() {
    assertThat(ImageFormat.ofContentType("image/jpg; charset=binary")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.ofContentType("IMAGE/WEBP")).contains(ImageFormat.WEBP);
    assertThat(ImageFormat.ofContentType("image/gif")).isEmpty();
    assertThat(ImageFormat.ofContentType(null)).isEmpty();
    assertThat(ImageFormat.ofExtension("JPEG")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.ofExtension("bmp")).isEmpty();
    assertThat(ImageFormat.GIF.uploadable()).isFalse();
    assertThat(ImageFormat.PNG.contentType()).isEqualTo("image/png");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
