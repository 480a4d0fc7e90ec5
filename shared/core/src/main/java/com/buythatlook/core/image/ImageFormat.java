package com.buythatlook.core.image;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats the project meets, and the one place that tells them apart by their first
 * bytes. JPEG, PNG and WebP are the formats a photo may be uploaded in ({@link #uploadable()}); GIF
 * and BMP only arrive from data-set hosts through {@code btl fetch}. Content types are not trusted
 * on their own: hosts label HTML error pages {@code image/jpeg} and images {@code
 * application/octet-stream}, so {@link #sniff(byte[])} decides.
 */
public enum ImageFormat {
  JPEG("jpg", "image/jpeg", true),
  PNG("png", "image/png", true),
  WEBP("webp", "image/webp", true),
  GIF("gif", "image/gif", false),
  BMP("bmp", "image/bmp", false);

  /** Extensions an image may have on disk: every format's own plus {@code jpeg}. */
  public static final List<String> EXTENSIONS_ON_DISK =
      List.of("jpg", "jpeg", "png", "webp", "gif", "bmp");

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final String extension;
  private final String contentType;
  private final boolean uploadable;

  ImageFormat(String extension, String contentType, boolean uploadable) {
    this.extension = extension;
    this.contentType = contentType;
    this.uploadable = uploadable;
  }

  /** The file extension used in S3 keys and file names, e.g. {@code "jpg"}. */
  public String extension() {
    return extension;
  }

  public String contentType() {
    return contentType;
  }

  /** Whether a photo may be uploaded in this format (JPEG, PNG, WebP). */
  public boolean uploadable() {
    return uploadable;
  }

  /** The upload format a Content-Type names ({@code image/jpg} counts as JPEG). */
  public static Optional<ImageFormat> ofContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    for (ImageFormat f : values()) {
      if (f.uploadable && (f.contentType.equals(base) || (f == JPEG && base.equals("image/jpg")))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The upload format a key's extension names ({@code jpeg} counts as JPEG). */
  public static Optional<ImageFormat> ofExtension(String ext) {
    String e = ext.toLowerCase(Locale.ROOT);
    for (ImageFormat f : values()) {
      if (f.uploadable && (f.extension.equals(e) || (f == JPEG && e.equals("jpeg")))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The format the first bytes announce, or empty when they announce none of these. */
  public static Optional<ImageFormat> sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return Optional.of(JPEG);
    }
    if (startsWith(b, 0, PNG_MAGIC)) {
      return Optional.of(PNG);
    }
    if (b.length >= 12 && startsWith(b, 0, ascii("RIFF")) && startsWith(b, 8, ascii("WEBP"))) {
      return Optional.of(WEBP);
    }
    if (startsWith(b, 0, ascii("GIF87a")) || startsWith(b, 0, ascii("GIF89a"))) {
      return Optional.of(GIF);
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

  private static boolean startsWith(byte[] b, int at, byte[] prefix) {
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

  private static int le32(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
