package com.buythatlook.vision.codec;

import com.buythatlook.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Crafts image files for decoder tests: real encodings, forged headers, added EXIF. The encoders
 * and byte helpers are public for the hostile-image corpus too.
 */
public final class TestImages {

  static final int RED = 0xFF0000;
  static final int GREEN = 0x00FF00;
  static final int BLUE = 0x0000FF;
  static final int WHITE = 0xFFFFFF;

  private TestImages() {}

  /** 40×20 with quadrants top-left red, top-right green, bottom-left blue, bottom-right white. */
  static BufferedImage quadrants() {
    BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 40; x++) {
        int c = y < 10 ? (x < 20 ? RED : GREEN) : (x < 20 ? BLUE : WHITE);
        img.setRGB(x, y, c);
      }
    }
    return img;
  }

  /** The image in {@code format} from ImageIO ("png", "jpeg", "gif"...). */
  public static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format + " " + img);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encodes a B, G, R(, A) Mat with OpenCV, e.g. WebP, which ImageIO cannot write. */
  public static byte[] encode(Mat bgr, String extension, int... params) {
    OpenCv.load();
    MatOfByte out = new MatOfByte();
    MatOfInt p = new MatOfInt(params);
    try {
      if (!Imgcodecs.imencode(extension, bgr, out, p)) {
        throw new IllegalStateException("OpenCV cannot write " + extension);
      }
      return out.toArray();
    } finally {
      out.release();
      p.release();
    }
  }

  /** A Mat of one B, G, R, A colour. */
  static Mat bgra(int width, int height, int b, int g, int r, int a) {
    OpenCv.load();
    Mat m = new Mat(height, width, CvType.CV_8UC4);
    byte[] px = new byte[width * height * 4];
    for (int i = 0; i < width * height; i++) {
      px[4 * i] = (byte) b;
      px[4 * i + 1] = (byte) g;
      px[4 * i + 2] = (byte) r;
      px[4 * i + 3] = (byte) a;
    }
    m.put(0, 0, px);
    return m;
  }

  /** A TIFF structure whose IFD0 holds only the Orientation tag. */
  static byte[] tiffWithOrientation(int orientation) {
    return new byte[] {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // big-endian TIFF header, IFD0 at offset 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // Orientation, SHORT, 1
      0,
      0,
      0,
      0 // no next IFD
    };
  }

  /** The PNG with an eXIf chunk holding only {@code orientation}, right after IHDR. */
  static byte[] pngWithExifOrientation(byte[] png, int orientation) {
    byte[] tiff = tiffWithOrientation(orientation);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 33); // signature + IHDR
    writeInt(out, tiff.length);
    byte[] typeAndData = new byte[4 + tiff.length];
    System.arraycopy("eXIf".getBytes(StandardCharsets.US_ASCII), 0, typeAndData, 0, 4);
    System.arraycopy(tiff, 0, typeAndData, 4, tiff.length);
    out.writeBytes(typeAndData);
    CRC32 crc = new CRC32();
    crc.update(typeAndData);
    writeInt(out, crc.getValue());
    out.write(png, 33, png.length - 33);
    return out.toByteArray();
  }

  /** The JPEG with an APP1 EXIF segment holding only {@code orientation}, after SOI. */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = tiffWithOrientation(orientation);
    byte[] payload = new byte[6 + tiff.length];
    System.arraycopy("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 0, payload, 0, 6);
    System.arraycopy(tiff, 0, payload, 6, tiff.length);
    int length = payload.length + 2;
    byte[] out = new byte[jpeg.length + 4 + payload.length];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xD8;
    out[2] = (byte) 0xFF;
    out[3] = (byte) 0xE1;
    out[4] = (byte) (length >> 8);
    out[5] = (byte) length;
    System.arraycopy(payload, 0, out, 6, payload.length);
    System.arraycopy(jpeg, 2, out, 6 + payload.length, jpeg.length - 2);
    return out;
  }

  /** Just a PNG signature and an IHDR claiming {@code width × height}: a decompression bomb. */
  static byte[] pngHeader(long width, long height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.writeBytes(new byte[] {0, 0, 0, 13, 'I', 'H', 'D', 'R'});
    writeInt(out, width);
    writeInt(out, height);
    out.writeBytes(new byte[] {8, 2, 0, 0, 0, 0x12, 0x34, 0x56, 0x78});
    return out.toByteArray();
  }

  /** SOI and a baseline frame header claiming {@code width × height}. */
  static byte[] jpegHeader(int width, int height) {
    return new byte[] {
      (byte) 0xFF,
      (byte) 0xD8,
      (byte) 0xFF,
      (byte) 0xC0,
      0,
      17,
      8,
      (byte) (height >> 8),
      (byte) height,
      (byte) (width >> 8),
      (byte) width,
      3,
      1,
      0x22,
      0,
      2,
      0x11,
      1,
      3,
      0x11,
      1
    };
  }

  /** A RIFF/WebP with an extended (VP8X) header claiming {@code width × height}. */
  static byte[] webpHeader(int width, int height, boolean animated) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {22, 0, 0, 0});
    out.writeBytes("WEBPVP8X".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {10, 0, 0, 0, (byte) (animated ? 0x02 : 0), 0, 0, 0});
    int w = width - 1;
    int h = height - 1;
    out.writeBytes(new byte[] {(byte) w, (byte) (w >> 8), (byte) (w >> 16)});
    out.writeBytes(new byte[] {(byte) h, (byte) (h >> 8), (byte) (h >> 16)});
    return out.toByteArray();
  }

  /** The pixel at (x, y) as 0xRRGGBB. */
  public static int rgb(RgbImage img, int x, int y) {
    return (img.red(x, y) << 16) | (img.green(x, y) << 8) | img.blue(x, y);
  }

  /** The low 32 bits of {@code v}, big-endian (PNG's and TIFF's "MM" order). */
  public static void writeInt(ByteArrayOutputStream out, long v) {
    out.write((int) (v >> 24));
    out.write((int) (v >> 16));
    out.write((int) (v >> 8));
    out.write((int) v);
  }
}
