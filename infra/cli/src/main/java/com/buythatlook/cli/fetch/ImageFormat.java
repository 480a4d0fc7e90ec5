package com.buythatlook.cli.fetch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The image formats a photo can arrive in, told apart by their first bytes. The server's
 * Content-Type is not trusted: street2shop's hosts label HTML error pages {@code image/jpeg} and
 * images {@code application/octet-stream}.
 */
enum ImageFormat {
  JPEG("jpg"),
  PNG("png"),
  GIF("gif"),
  WEBP("webp"),
  BMP("bmp");

  /**
   * Extensions an image of a photo may already have on disk: ours plus {@code jpeg}, which {@link
   * com.buythatlook.core.dataset.Layout#IMAGE_EXTENSIONS} also accepts.
   */
  static final List<String> EXTENSIONS_ON_DISK =
      List.of("jpg", "jpeg", "png", "gif", "webp", "bmp");

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final String extension;

  ImageFormat(String extension) {
    this.extension = extension;
  }

  /** The extension {@code btl fetch} writes for this format. */
  String extension() {
    return extension;
  }

  static Optional<ImageFormat> detect(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return Optional.of(JPEG);
    }
    if (startsWith(b, 0, PNG_MAGIC)) {
      return Optional.of(PNG);
    }
    if (startsWith(b, 0, ascii("GIF87a")) || startsWith(b, 0, ascii("GIF89a"))) {
      return Optional.of(GIF);
    }
    if (b.length >= 12 && startsWith(b, 0, ascii("RIFF")) && startsWith(b, 8, ascii("WEBP"))) {
      return Optional.of(WEBP);
    }
    // "BM" alone is too weak (any text starting with "BM"); the DIB header size must be sane too.
    if (b.length >= 18 && b[0] == 'B' && b[1] == 'M') {
      int dib = le32(b, 14);
      if (dib == 12
          || dib == 40
          || dib == 52
          || dib == 56
          || dib == 64
          || dib == 108
          || dib == 124) {
        return Optional.of(BMP);
      }
    }
    return Optional.empty();
  }

  static boolean startsWith(byte[] b, int at, byte[] prefix) {
    if (b.length < at + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static int le32(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
