package com.buythatlook.vision.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Removes a PNG's embedded colour profile (its {@code iCCP} chunk) before OpenCV decodes it. OpenCV
 * ignores colour profiles, but its libpng prints {@code libpng warning: iCCP: known incorrect sRGB
 * profile} to the process's stderr for many common files (Java's ImageIO writes such a profile into
 * every 16-bit PNG, and so do some photo editors); the warning is noise in {@code btl look}, {@code
 * btl demo} and the logs. The chunk is ancillary: pixels, size, alpha and gamma are unaffected.
 */
final class PngChunks {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private PngChunks() {}

  /**
   * The file without its {@code iCCP} chunks; the same array when it has none, or when it is not a
   * well-formed chunk sequence (the decoder then reports what is wrong with it).
   */
  static byte[] withoutColourProfile(byte[] png) {
    if (!hasSignature(png) || !containsIccp(png)) {
      return png;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
    out.write(png, 0, SIGNATURE.length);
    int at = SIGNATURE.length;
    while (at + 12 <= png.length) {
      long length = readInt(png, at) & 0xFFFFFFFFL;
      long end = at + 12L + length;
      if (end > png.length) {
        return png;
      }
      String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (!type.equals("iCCP")) {
        out.write(png, at, (int) (end - at));
      }
      at = (int) end;
      if (type.equals("IEND")) {
        break;
      }
    }
    if (at < png.length) {
      out.write(png, at, png.length - at); // whatever follows IEND stays as it was
    }
    return out.toByteArray();
  }

  private static boolean hasSignature(byte[] b) {
    if (b.length < SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (b[i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether a chunk of type iCCP is there, walking chunk headers only. */
  private static boolean containsIccp(byte[] png) {
    int at = SIGNATURE.length;
    while (at + 12 <= png.length) {
      long length = readInt(png, at) & 0xFFFFFFFFL;
      if (png[at + 4] == 'i' && png[at + 5] == 'C' && png[at + 6] == 'C' && png[at + 7] == 'P') {
        return true;
      }
      if (png[at + 4] == 'I' && png[at + 5] == 'D' && png[at + 6] == 'A' && png[at + 7] == 'T') {
        return false; // iCCP must come before the image data
      }
      long next = at + 12L + length;
      if (next > png.length) {
        return false;
      }
      at = (int) next;
    }
    return false;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }
}
