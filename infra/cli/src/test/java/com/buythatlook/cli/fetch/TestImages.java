package com.buythatlook.cli.fetch;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Small real images, made with ImageIO, for the fetch tests. */
final class TestImages {
  private TestImages() {}

  static byte[] jpeg(int width, int height, int seed) {
    return encode(picture(width, height, seed), "jpg");
  }

  static byte[] png(int width, int height, int seed) {
    return encode(picture(width, height, seed), "png");
  }

  /** A minimal RIFF/WEBP container: the magic and a size field that matches the bytes. */
  static byte[] webp(int payloadBytes) {
    byte[] b = new byte[12 + payloadBytes];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
    int riffSize = b.length - 8;
    b[4] = (byte) riffSize;
    b[5] = (byte) (riffSize >> 8);
    b[6] = (byte) (riffSize >> 16);
    b[7] = (byte) (riffSize >> 24);
    System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 4);
    return b;
  }

  static byte[] html() {
    return "<!DOCTYPE html>\n<html><body><h1>Image not available</h1></body></html>\n"
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] firstHalf(byte[] bytes) {
    return Arrays.copyOf(bytes, bytes.length / 2);
  }

  private static BufferedImage picture(int width, int height, int seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        // Varied content, so the JPEG has real scan data (a flat image compresses to almost
        // nothing and would make truncation tests meaningless).
        int r = (x * 7 + seed * 31) & 0xff;
        int g = (y * 5 + x * y + seed) & 0xff;
        int b = ((x ^ y) * 3 + seed * 17) & 0xff;
        img.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return img;
  }

  private static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
