package com.buythatlook.vision.codec;

import com.buythatlook.core.image.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads width, height, alpha, EXIF orientation and completeness from the bytes of a JPEG, PNG or
 * WebP file, without decoding any pixel. Every read is bounds-checked: the input is untrusted.
 */
public final class HeaderReader {

  /**
   * The most scans a JPEG may have. libjpeg walks every block of the image once per scan and only
   * warns about a scan that repeats an earlier one, so a 300 KB progressive JPEG of 36 MP with
   * 10,000 empty scans takes minutes of CPU to decode (the scan bomb of cure53's libjpeg-turbo
   * audit; NVIDIA's nvImageCodec caps scans at 256 for it). Encoders write about 10 (libjpeg's
   * progressive script: 10 for colour, 6 for grey); 100 leaves room for any legitimate script and
   * bounds the extra decoding work to a few seconds at 40 MP.
   */
  public static final int MAX_JPEG_SCANS = 100;

  private HeaderReader() {}

  /**
   * @throws ImageRejectedException when the format is not one we take, or the header is cut short
   *     or malformed
   */
  public static ImageHeader read(byte[] b) {
    if (b.length == 0) {
      throw new ImageRejectedException(RejectionReason.EMPTY, "the image is empty (0 bytes)");
    }
    ImageFormat format = ImageFormat.sniff(b).orElse(null);
    if (format == ImageFormat.JPEG) {
      return readJpeg(b);
    }
    if (format == ImageFormat.PNG) {
      return readPng(b);
    }
    if (format == ImageFormat.WEBP) {
      return readWebp(b);
    }
    throw new ImageRejectedException(RejectionReason.UNSUPPORTED_FORMAT, describeOther(b));
  }

  // ---------------------------------------------------------------- JPEG

  private static ImageHeader readJpeg(byte[] b) {
    long width = -1;
    long height = -1;
    int orientation = 1;
    int scans = 0;
    int pos = 2;
    while (true) {
      // A marker is 0xFF, optional 0xFF fill bytes, then the marker code.
      if (pos >= b.length) {
        return jpegEnd(width, height, orientation, false);
      }
      if (u8(b, pos) != 0xFF) {
        throw corrupt("the JPEG's segment structure is broken at byte " + pos);
      }
      while (pos < b.length && u8(b, pos) == 0xFF) {
        pos++;
      }
      if (pos >= b.length) {
        return jpegEnd(width, height, orientation, false);
      }
      int marker = u8(b, pos++);
      if (marker == 0xD9) { // EOI
        return jpegEnd(width, height, orientation, true);
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        continue; // stand-alone markers carry no length
      }
      if (pos + 2 > b.length) {
        return jpegEnd(width, height, orientation, false);
      }
      int length = u16be(b, pos);
      if (length < 2) {
        throw corrupt("the JPEG has a segment of impossible length " + length);
      }
      int body = pos + 2;
      int next = pos + length;
      if (next > b.length) {
        return jpegEnd(width, height, orientation, false);
      }
      if (isStartOfFrame(marker) && width < 0) {
        if (length < 8) {
          throw corrupt("the JPEG's frame header is too short");
        }
        height = u16be(b, body + 1);
        width = u16be(b, body + 3);
        if (height == 0) {
          throw new ImageRejectedException(
              RejectionReason.UNSUPPORTED_FORMAT,
              "JPEGs that declare their height after the image data (DNL) are not supported");
        }
      } else if (marker == 0xE1 && orientation == 1) {
        orientation = exifOrientation(b, body, next);
      }
      pos = next;
      if (marker == 0xDA) { // SOS: entropy-coded data follows until the next real marker
        if (++scans > MAX_JPEG_SCANS) {
          throw corrupt(
              "the JPEG has more than "
                  + MAX_JPEG_SCANS
                  + " scans (photos have about"
                  + " 10): a file like this takes minutes to decode, so it is refused");
        }
        pos = skipEntropyCodedData(b, pos);
      }
    }
  }

  private static ImageHeader jpegEnd(long w, long h, int orientation, boolean complete) {
    if (w < 0) {
      throw new ImageRejectedException(
          RejectionReason.TRUNCATED,
          complete
              ? "the JPEG has no frame header, so it has no size"
              : "the JPEG ends before its frame header: the file was cut short");
    }
    if (w == 0) {
      throw corrupt("the JPEG says it is " + w + "×" + h + " pixels");
    }
    return new ImageHeader(ImageFormat.JPEG, w, h, false, orientation, complete);
  }

  private static boolean isStartOfFrame(int m) {
    // C0..CF are frames except C4 (DHT), C8 (reserved, JPG) and CC (DAC).
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }

  /** Returns the position of the 0xFF that starts the next marker, or b.length if none. */
  private static int skipEntropyCodedData(byte[] b, int pos) {
    while (pos < b.length - 1) {
      if (b[pos] != (byte) 0xFF) {
        pos++;
        continue;
      }
      int n = u8(b, pos + 1);
      if (n == 0x00 || (n >= 0xD0 && n <= 0xD7)) {
        pos += 2; // stuffed 0xFF or a restart marker: still inside the scan
      } else if (n == 0xFF) {
        pos++; // fill byte before a marker
      } else {
        return pos;
      }
    }
    return b.length;
  }

  /** EXIF orientation from a JPEG APP1 segment body, 1 when absent or unreadable. */
  static int exifOrientation(byte[] b, int start, int end) {
    if (end - start < 14 || !startsWith(b, start, ascii("Exif\0\0"))) {
      return 1;
    }
    return tiffOrientation(b, start + 6, end);
  }

  /** The Orientation tag of IFD0 of the TIFF structure at {@code tiff}, 1 when absent. */
  static int tiffOrientation(byte[] b, int tiff, int end) {
    if (end - tiff < 8) {
      return 1;
    }
    boolean little;
    if (u8(b, tiff) == 'I' && u8(b, tiff + 1) == 'I') {
      little = true;
    } else if (u8(b, tiff) == 'M' && u8(b, tiff + 1) == 'M') {
      little = false;
    } else {
      return 1;
    }
    long ifd = tiff + u32(b, tiff + 4, little);
    if (ifd + 2 > end) {
      return 1;
    }
    int count = u16(b, (int) ifd, little);
    for (int i = 0; i < count; i++) {
      int entry = (int) ifd + 2 + 12 * i;
      if (entry + 12 > end) {
        return 1;
      }
      if (u16(b, entry, little) == 0x0112) {
        int value = u16(b, entry + 8, little); // SHORT, left-justified in the value field
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  // ---------------------------------------------------------------- PNG

  private static ImageHeader readPng(byte[] b) {
    if (b.length < 33) {
      throw new ImageRejectedException(
          RejectionReason.TRUNCATED, "the PNG ends inside its header: the file was cut short");
    }
    if (u32(b, 8, false) != 13 || !startsWith(b, 12, ascii("IHDR"))) {
      throw corrupt("the PNG does not start with an IHDR chunk");
    }
    long width = u32(b, 16, false);
    long height = u32(b, 20, false);
    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw corrupt("the PNG says it is " + width + "×" + height + " pixels");
    }
    int colourType = u8(b, 25);
    boolean alpha = colourType == 4 || colourType == 6;
    int orientation = 1;
    boolean complete = false;
    long pos = 8;
    // Walk the chunk list by lengths only: cheap, and enough to tell a cut-off upload.
    while (pos + 12 <= b.length) {
      long length = u32(b, (int) pos, false);
      long next = pos + 12 + length;
      if (next > b.length) {
        break;
      }
      if (startsWith(b, (int) pos + 4, ascii("tRNS"))) {
        alpha = true;
      } else if (startsWith(b, (int) pos + 4, ascii("eXIf"))) {
        orientation = tiffOrientation(b, (int) pos + 8, (int) (pos + 8 + length));
      } else if (startsWith(b, (int) pos + 4, ascii("IEND"))) {
        complete = true;
        break;
      }
      pos = next;
    }
    return new ImageHeader(ImageFormat.PNG, width, height, alpha, orientation, complete);
  }

  // ---------------------------------------------------------------- WebP

  private static ImageHeader readWebp(byte[] b) {
    if (b.length < 30) {
      throw new ImageRejectedException(
          RejectionReason.TRUNCATED, "the WebP ends inside its header: the file was cut short");
    }
    long riffEnd = 8 + u32(b, 4, true);
    boolean complete = b.length >= riffEnd;
    String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
    long width;
    long height;
    boolean alpha;
    switch (chunk) {
      case "VP8 " -> {
        // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
        if (u8(b, 23) != 0x9D || u8(b, 24) != 0x01 || u8(b, 25) != 0x2A) {
          throw corrupt("the WebP's VP8 frame has no start code");
        }
        width = u16(b, 26, true) & 0x3FFF;
        height = u16(b, 28, true) & 0x3FFF;
        alpha = false;
      }
      case "VP8L" -> {
        if (u8(b, 20) != 0x2F) {
          throw corrupt("the WebP's VP8L stream has no signature");
        }
        long bits = u32(b, 21, true);
        width = (bits & 0x3FFF) + 1;
        height = ((bits >> 14) & 0x3FFF) + 1;
        alpha = ((bits >> 28) & 1) == 1;
      }
      case "VP8X" -> {
        int flags = u8(b, 20);
        if ((flags & 0x02) != 0) {
          throw new ImageRejectedException(
              RejectionReason.UNSUPPORTED_FORMAT,
              "animated WebP is not supported; send a still photo");
        }
        alpha = (flags & 0x10) != 0;
        width = u24le(b, 24) + 1;
        height = u24le(b, 27) + 1;
      }
      default -> throw corrupt("the WebP has an unknown first chunk '" + chunk.strip() + "'");
    }
    if (width == 0 || height == 0) {
      throw corrupt("the WebP says it is " + width + "×" + height + " pixels");
    }
    return new ImageHeader(ImageFormat.WEBP, width, height, alpha, 1, complete);
  }

  // ---------------------------------------------------------------- other formats

  /** Names the formats people most often send by mistake, so the message says what it was. */
  private static String describeOther(byte[] b) {
    String what;
    if (startsWith(b, 0, ascii("GIF8"))) {
      what = "a GIF";
    } else if (startsWith(b, 0, ascii("BM"))) {
      what = "a BMP";
    } else if (startsWith(b, 0, ascii("II*\0")) || startsWith(b, 0, ascii("MM\0*"))) {
      what = "a TIFF";
    } else if (startsWith(b, 4, ascii("ftypheic"))
        || startsWith(b, 4, ascii("ftypheix"))
        || startsWith(b, 4, ascii("ftypmif1"))) {
      what = "a HEIC";
    } else if (startsWith(b, 4, ascii("ftypavif"))) {
      what = "an AVIF";
    } else if (startsWith(b, 0, ascii("%PDF"))) {
      return notAPhoto("a PDF document");
    } else {
      String markup = markup(b);
      return markup != null
          ? notAPhoto(markup)
          : "the file is not an image in a format we accept (JPEG, PNG or WebP)";
    }
    return "the file is " + what + " image; only JPEG, PNG and WebP are accepted";
  }

  private static String notAPhoto(String what) {
    return "the file is " + what + ", not a photo; only JPEG, PNG and WebP are accepted";
  }

  /**
   * "an HTML page" (often an error page saved under the photo's name by a failed download) or "an
   * SVG drawing" when the file starts with markup, else null. Looks at the first 1 KB only.
   */
  private static String markup(byte[] b) {
    int start = startsWith(b, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}) ? 3 : 0;
    while (start < b.length && start < 64 && Character.isWhitespace(b[start])) {
      start++;
    }
    if (start >= b.length || b[start] != '<') {
      return null;
    }
    String head =
        new String(b, start, Math.min(1024, b.length - start), StandardCharsets.ISO_8859_1)
            .toLowerCase(Locale.ROOT);
    if (head.contains("<svg")) {
      return "an SVG drawing";
    }
    if (head.startsWith("<!doctype html") || head.contains("<html")) {
      return "an HTML page";
    }
    return null;
  }

  // ---------------------------------------------------------------- bytes

  private static ImageRejectedException corrupt(String message) {
    return new ImageRejectedException(RejectionReason.CORRUPT, message);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean startsWith(byte[] b, int at, byte[] prefix) {
    if (at < 0 || at + prefix.length > b.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u8(byte[] b, int i) {
    return i < b.length ? b[i] & 0xFF : 0;
  }

  private static int u16be(byte[] b, int i) {
    return u16(b, i, false);
  }

  private static int u16(byte[] b, int i, boolean little) {
    int lo = little ? u8(b, i) : u8(b, i + 1);
    int hi = little ? u8(b, i + 1) : u8(b, i);
    return (hi << 8) | lo;
  }

  private static long u24le(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8) | ((long) u8(b, i + 2) << 16);
  }

  private static long u32(byte[] b, int i, boolean little) {
    long v = 0;
    for (int k = 0; k < 4; k++) {
      int shift = little ? 8 * k : 8 * (3 - k);
      v |= (long) u8(b, i + k) << shift;
    }
    return v;
  }
}
