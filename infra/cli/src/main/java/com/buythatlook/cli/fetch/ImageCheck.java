package com.buythatlook.cli.fetch;

import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.image.ImageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether downloaded bytes are a complete, decodable image, and if not, says why in words
 * the report can show. Runs before a file gets its final name, and again on files found on disk, so
 * that a resumed run re-fetches what an older downloader left broken.
 */
final class ImageCheck {
  private ImageCheck() {}

  private enum Structure {
    COMPLETE,
    TRUNCATED,
    /** Not laid out as the format says; the decoder gets the last word. */
    IRREGULAR
  }

  /**
   * Returns the format of a complete image.
   *
   * @param contentType the server's Content-Type, quoted in the reason when the bytes are not an
   *     image; null for files
   * @throws FetchFailure retryable when the image is cut short (a retry may get all of it),
   *     permanent when the bytes are not an image or do not decode
   */
  static ImageFormat validate(byte[] bytes, String contentType) throws FetchFailure {
    Optional<ImageFormat> detected = ImageFormat.sniff(bytes);
    if (detected.isEmpty()) {
      throw FetchFailure.permanent("not an image: " + describe(bytes) + servedAs(contentType));
    }
    ImageFormat format = detected.get();
    Structure structure =
        switch (format) {
          case JPEG -> jpegStructure(bytes);
          case PNG -> pngStructure(bytes);
          case WEBP -> webpStructure(bytes);
          default -> Structure.IRREGULAR;
        };
    if (structure == Structure.TRUNCATED) {
      String expected = format == ImageFormat.WEBP ? " of " + riffFileLength(bytes) : "";
      throw FetchFailure.retryable(
          "truncated: the "
              + format
              + " stops before its end (got "
              + bytes.length
              + expected
              + " bytes)");
    }
    if (format == ImageFormat.WEBP) {
      // The JDK has no WebP decoder; the RIFF container being whole is as far as we can check.
      return format;
    }
    try {
      Images.decodeBuffered(bytes, "the " + format);
    } catch (IOException e) {
      throw FetchFailure.permanent("unusable image: " + e.getMessage());
    }
    return format;
  }

  /** Names what the bytes look like, for "not an image: …". */
  static String describe(byte[] b) {
    if (b.length == 0) {
      return "empty body (0 bytes)";
    }
    String head = new String(b, 0, Math.min(b.length, 1024), StandardCharsets.ISO_8859_1);
    String lower = head.toLowerCase(Locale.ROOT).replace("\u00ef\u00bb\u00bf", "").stripLeading();
    if (lower.startsWith("<")) {
      if (lower.contains("<html") || lower.startsWith("<!doctype html")) {
        return "an HTML page";
      }
      if (lower.contains("<svg")) {
        return "an SVG drawing (only raster images are used)";
      }
      return "markup text starting with '" + abbreviate(head.strip(), 40) + "'";
    }
    if (lower.startsWith("{") || lower.startsWith("[")) {
      return "JSON text";
    }
    StringBuilder hex = new StringBuilder("unknown format (" + b.length + " bytes starting");
    for (int i = 0; i < Math.min(8, b.length); i++) {
      hex.append(String.format(" %02x", b[i] & 0xff));
    }
    return hex.append(")").toString();
  }

  private static String servedAs(String contentType) {
    return contentType == null || contentType.isBlank()
        ? ""
        : " (served as " + contentType.strip() + ")";
  }

  private static String abbreviate(String s, int max) {
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
  }

  /**
   * Walks the JPEG's marker segments to its end-of-image marker. ImageIO decodes a cut-off JPEG
   * without complaint (it only warns and paints the rest grey), so the decode alone would let a
   * half-downloaded photo through.
   */
  private static Structure jpegStructure(byte[] b) {
    int n = b.length;
    int i = 2; // after SOI
    while (true) {
      if (i >= n) {
        return Structure.TRUNCATED;
      }
      if ((b[i] & 0xff) != 0xff) {
        return Structure.IRREGULAR;
      }
      while (i < n && (b[i] & 0xff) == 0xff) {
        i++; // fill bytes before a marker
      }
      if (i >= n) {
        return Structure.TRUNCATED;
      }
      int marker = b[i] & 0xff;
      i++;
      if (marker == 0xd9) {
        return Structure.COMPLETE;
      }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        continue; // markers without a length
      }
      if (i + 2 > n) {
        return Structure.TRUNCATED;
      }
      int length = (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
      if (length < 2) {
        return Structure.IRREGULAR;
      }
      i += length;
      if (i > n) {
        return Structure.TRUNCATED;
      }
      if (marker == 0xda) {
        // Entropy-coded scan data follows; inside it 0xFF is always followed by 0x00 (stuffing)
        // or a restart marker, so the first other 0xFFxx is the next marker.
        int next = -1;
        for (int j = i; j + 1 < n; j++) {
          int m = b[j + 1] & 0xff;
          if ((b[j] & 0xff) == 0xff && m != 0x00 && m != 0xff && (m < 0xd0 || m > 0xd7)) {
            next = j;
            break;
          }
        }
        if (next < 0) {
          return Structure.TRUNCATED;
        }
        i = next;
      }
    }
  }

  /** Walks the PNG's chunks to IEND; a missing IEND means the file was cut short. */
  private static Structure pngStructure(byte[] b) {
    long i = 8;
    while (i + 8 <= b.length) {
      int at = (int) i;
      long length =
          ((long) (b[at] & 0xff) << 24)
              | (b[at + 1] & 0xff) << 16
              | (b[at + 2] & 0xff) << 8
              | (b[at + 3] & 0xff);
      if (b[at + 4] == 'I' && b[at + 5] == 'E' && b[at + 6] == 'N' && b[at + 7] == 'D') {
        return Structure.COMPLETE;
      }
      i += 12 + length; // length, type, data, CRC
    }
    return Structure.TRUNCATED;
  }

  /** A RIFF header states the file's size; fewer bytes than that means it was cut short. */
  private static Structure webpStructure(byte[] b) {
    return b.length < riffFileLength(b) ? Structure.TRUNCATED : Structure.COMPLETE;
  }

  /** The file length a RIFF header declares: its size field counts all but the first 8 bytes. */
  private static long riffFileLength(byte[] b) {
    return ((b[4] & 0xffL) | (b[5] & 0xffL) << 8 | (b[6] & 0xffL) << 16 | (b[7] & 0xffL) << 24) + 8;
  }
}
