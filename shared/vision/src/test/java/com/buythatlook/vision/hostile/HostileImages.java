package com.buythatlook.vision.hostile;

import com.buythatlook.vision.codec.OpenCv;
import com.buythatlook.vision.codec.TestImages;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The hostile-image corpus of the reliability work: files a client may upload by mistake or on
 * purpose, each generated here at test time (nothing large is committed) from ImageIO, OpenCV or
 * hand-written bytes. {@code HostileImagesTest} states what must become of each one; {@code
 * HostileCorpusRun} measures time and memory over all of them.
 */
public final class HostileImages {

  /**
   * One upload.
   *
   * @param name a stable, file-name-safe label
   * @param extension what the upload is named, without the dot (what the client claimed)
   * @param bytes the file's content
   * @param what one line on what the file is, for tables
   */
  public record Case(String name, String extension, byte[] bytes, String what) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The JPEG frame header stores width and height in 16 bits: this is the most it can claim. */
  public static final int JPEG_MAX_SIDE = 65535;

  /** What the bombs claim: 10^10 pixels, 30 GB of RGB. */
  public static final int BOMB_SIDE = 100_000;

  /** How many empty scans the scan bomb repeats: minutes of libjpeg work if decoded. */
  public static final int SCAN_BOMB_SCANS = 10_000;

  private HostileImages() {}

  /** Every case, in a fixed order, freshly generated. */
  public static List<Case> all() {
    OpenCv.load();
    byte[] jpeg = jpeg(scene(320, 240));
    byte[] png = png(scene(320, 240));
    List<Case> c = new ArrayList<>();

    // ---- not images at all, or nothing
    c.add(new Case("empty", "jpg", new byte[0], "zero bytes"));
    c.add(
        new Case(
            "html-named-jpg",
            "jpg",
            ascii(
                "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
                    + "<body><h1>Not Found</h1></body></html>\n"),
            "an HTML error page named .jpg"));
    c.add(
        new Case(
            "text-named-jpg",
            "jpg",
            ascii("this is not a photo, it is a note\n"),
            "plain text named .jpg"));
    c.add(new Case("pdf-named-jpg", "jpg", pdf(), "a one-page PDF named .jpg"));
    c.add(
        new Case(
            "svg-named-jpg",
            "jpg",
            ascii(
                "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\""
                    + " height=\"100000\"><rect width=\"100%\" height=\"100%\" fill=\"red\"/></svg>\n"),
            "an SVG (declaring 100000×100000) named .jpg"));
    c.add(new Case("gif-named-jpg", "jpg", gif(scene(64, 48)), "a real GIF named .jpg"));
    c.add(
        new Case(
            "random-after-jpeg-soi",
            "jpg",
            randomAfterSoi(4096),
            "FF D8 FF then 4 KB of random bytes"));

    // ---- broken images
    c.add(
        new Case(
            "truncated-jpeg",
            "jpg",
            Arrays.copyOf(jpeg, jpeg.length / 2),
            "a 320×240 JPEG cut at half its length"));
    c.add(
        new Case(
            "truncated-png",
            "png",
            Arrays.copyOf(png, png.length / 2),
            "a 320×240 PNG cut at half its length"));
    c.add(
        new Case(
            "png-corrupt-idat",
            "png",
            corruptIdat(png),
            "a complete PNG whose compressed pixels are garbage (CRCs fixed up)"));
    c.add(
        new Case(
            "jpeg-corrupt-scan",
            "jpg",
            corruptScan(jpeg),
            "a complete JPEG whose entropy-coded data is random"));
    c.add(
        new Case(
            "jpeg-dnl-height-0",
            "jpg",
            patchJpegSize(jpeg, 320, 0),
            "a JPEG whose frame header says height 0 (defined later by DNL)"));

    // ---- decompression bombs: small files whose headers promise gigapixels
    c.add(
        new Case(
            "png-bomb-100000x100000",
            "png",
            pngBomb(BOMB_SIDE, BOMB_SIDE),
            "valid IHDR 100000×100000, a little IDAT, IEND"));
    c.add(
        new Case(
            "jpeg-bomb-65535x65535",
            "jpg",
            patchJpegSize(jpeg, JPEG_MAX_SIDE, JPEG_MAX_SIDE),
            "a complete JPEG whose SOF0 says 65535×65535 (the format's maximum)"));
    c.add(
        new Case(
            "webp-bomb-100000x100000",
            "webp",
            webpBomb(BOMB_SIDE, BOMB_SIDE),
            "VP8X canvas 100000×100000 around a 32×32 lossless frame"));
    c.add(
        new Case(
            "png-36mp-zeros",
            "png",
            bigZeroPng(6000, 6000),
            "6000×6000 black PNG: 36 MP, under the 40 MP limit, decodes to 108 MB"));
    c.add(
        new Case(
            "jpeg-scan-bomb",
            "jpg",
            scanBomb(6000, 6000, SCAN_BOMB_SCANS),
            "6000×6000 progressive JPEG with "
                + SCAN_BOMB_SCANS
                + " extra empty scans: CPU, not"
                + " memory (each scan walks every block)"));

    // ---- odd but legitimate images
    c.add(new Case("tiny-1x1", "jpg", jpeg(scene(1, 1)), "a 1×1 JPEG"));
    c.add(new Case("wide-20000x20", "png", png(scene(20000, 20)), "a 20000×20 PNG"));
    c.add(new Case("tall-20x20000", "jpg", jpeg(scene(20, 20000)), "a 20×20000 JPEG"));
    c.add(
        new Case(
            "png-16bit-rgb",
            "png",
            png(sixteenBit(scene(160, 120), false)),
            "16 bits per channel RGB PNG"));
    c.add(
        new Case(
            "png-16bit-rgba",
            "png",
            png(sixteenBit(scene(160, 120), true)),
            "16 bits per channel RGBA PNG, half transparent"));
    c.add(
        new Case(
            "cmyk-jpeg",
            "jpg",
            cmykJpeg(scene(160, 120)),
            "4-component CMYK JPEG with an Adobe APP14 marker"));
    c.add(new Case("grey-jpeg", "jpg", jpeg(grey(scene(160, 120))), "8-bit grayscale JPEG"));
    c.add(new Case("grey-png", "png", png(grey(scene(160, 120))), "8-bit grayscale PNG"));
    c.add(
        new Case(
            "alpha-png",
            "png",
            png(alpha(scene(160, 120))),
            "RGBA PNG, left half fully transparent"));
    c.add(
        new Case(
            "palette-trns-png",
            "png",
            png(palette(scene(160, 120))),
            "palette PNG with a transparent entry (tRNS)"));
    c.add(
        new Case(
            "exif-rotated-jpeg",
            "jpg",
            TestImages.withExifOrientation(jpeg(scene(96, 48)), 6),
            "96×48 JPEG with EXIF Orientation=6 (shown 48×96)"));
    c.add(
        new Case(
            "animated-webp", "webp", animatedWebp(), "2-frame animated WebP (VP8X + ANIM + ANMF)"));
    c.add(
        new Case(
            "progressive-jpeg",
            "jpg",
            progressive(scene(320, 240)),
            "an ordinary progressive JPEG (10 scans), for contrast with the scan bomb"));
    c.add(new Case("jpeg-named-png", "png", jpeg, "a good 320×240 JPEG uploaded as .png"));
    return c;
  }

  // ------------------------------------------------------------------ pictures

  /** A busy synthetic picture: gradient, blocks of colour, a figure-like stack of shapes. */
  static BufferedImage scene(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setPaint(new GradientPaint(0, 0, new Color(0xD8D2C4), width, height, new Color(0x6A7B8C)));
      g.fillRect(0, 0, width, height);
      g.setColor(new Color(0x1F3A93)); // a top
      g.fillRect(width * 3 / 8, height / 5, width / 4, height / 4);
      g.setColor(new Color(0x8B1E3F)); // a skirt
      g.fillRect(width * 3 / 8, height * 9 / 20, width / 4, height / 5);
      g.setColor(new Color(0x202020)); // shoes
      g.fillRect(width * 3 / 8, height * 17 / 20, width / 10, height / 12);
      g.fillRect(width * 11 / 20, height * 17 / 20, width / 10, height / 12);
      g.setColor(new Color(0xE0B090)); // a face
      g.fillOval(width * 7 / 16, height / 20, width / 8, height / 7);
    } finally {
      g.dispose();
    }
    return img;
  }

  static BufferedImage grey(BufferedImage rgb) {
    BufferedImage out =
        new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    g.drawImage(rgb, 0, 0, null);
    g.dispose();
    return out;
  }

  /** The picture with its left half fully transparent and a semi-transparent band. */
  static BufferedImage alpha(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(rgb, 0, 0, null);
    g.setComposite(AlphaComposite.Clear);
    g.fillRect(0, 0, w / 2, h);
    g.setComposite(AlphaComposite.Src);
    g.setColor(new Color(255, 0, 0, 96));
    g.fillRect(w / 2, h / 3, w / 2, h / 6);
    g.dispose();
    return out;
  }

  /** 16 bits per sample (value × 257), optionally with an alpha channel half transparent. */
  static BufferedImage sixteenBit(BufferedImage rgb, boolean withAlpha) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            withAlpha,
            false,
            withAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster r = cm.createCompatibleWritableRaster(w, h);
    int bands = withAlpha ? 4 : 3;
    int[] px = new int[bands];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int c = rgb.getRGB(x, y);
        px[0] = ((c >> 16) & 0xFF) * 257;
        px[1] = ((c >> 8) & 0xFF) * 257;
        px[2] = (c & 0xFF) * 257;
        if (withAlpha) {
          px[3] = x < w / 2 ? 0 : 65535;
        }
        r.setPixel(x, y, px);
      }
    }
    return new BufferedImage(cm, r, false, null);
  }

  /** An 8-colour palette image whose entry 0 is transparent (a tRNS chunk in PNG). */
  static BufferedImage palette(BufferedImage rgb) {
    byte[] red = {0, (byte) 255, 0, 0, (byte) 255, (byte) 255, 0, (byte) 128};
    byte[] green = {0, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, (byte) 128};
    byte[] blue = {0, 0, 0, (byte) 255, 0, (byte) 255, (byte) 255, (byte) 128};
    IndexColorModel cm = new IndexColorModel(3, 8, red, green, blue, 0);
    BufferedImage out =
        new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, cm);
    Graphics2D g = out.createGraphics();
    g.drawImage(rgb, 0, 0, null);
    g.dispose();
    WritableRaster r = out.getRaster();
    for (int y = 0; y < rgb.getHeight() / 4; y++) { // a transparent band along the top
      for (int x = 0; x < rgb.getWidth(); x++) {
        r.setSample(x, y, 0, 0);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ encoders

  static byte[] jpeg(BufferedImage img) {
    return TestImages.encode(img, "jpeg");
  }

  static byte[] png(BufferedImage img) {
    return TestImages.encode(img, "png");
  }

  static byte[] gif(BufferedImage img) {
    BufferedImage indexed =
        new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
    Graphics2D g = indexed.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return TestImages.encode(indexed, "gif");
  }

  /**
   * A CMYK JPEG as print workflows write them: ImageIO's JPEG writer takes a 4-band Raster (not a
   * BufferedImage) and writes it as four components with no colour transform; an Adobe APP14
   * segment (transform 0, "CMYK, no YCC") is then spliced in after SOI, as Photoshop writes it,
   * with the samples inverted as Adobe stores them.
   */
  static byte[] cmykJpeg(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    int[] cmyk = new int[4];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int c = rgb.getRGB(x, y);
        int red = (c >> 16) & 0xFF;
        int green = (c >> 8) & 0xFF;
        int blue = c & 0xFF;
        int k = 255 - Math.max(red, Math.max(green, blue));
        int denominator = 255 - k;
        cmyk[0] = denominator == 0 ? 0 : (255 - red - k) * 255 / denominator;
        cmyk[1] = denominator == 0 ? 0 : (255 - green - k) * 255 / denominator;
        cmyk[2] = denominator == 0 ? 0 : (255 - blue - k) * 255 / denominator;
        cmyk[3] = k;
        for (int i = 0; i < 4; i++) {
          cmyk[i] = 255 - cmyk[i]; // Adobe's inverted convention
        }
        r.setPixel(x, y, cmyk);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(r, null, null), writer.getDefaultWriteParam());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    byte[] plain = out.toByteArray();
    byte[] adobe = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    return splice(plain, 2, adobe);
  }

  /** A 6000×6000 black PNG from OpenCV: ~100 KB of zlib that inflates to 108 MB. */
  static byte[] bigZeroPng(int width, int height) {
    Mat black = new Mat(height, width, CvType.CV_8UC3, new Scalar(0, 0, 0));
    try {
      return TestImages.encode(black, ".png", Imgcodecs.IMWRITE_PNG_COMPRESSION, 9);
    } finally {
      black.release();
    }
  }

  /** A lossless WebP of one colour from OpenCV: RIFF, WEBP, then one VP8L chunk. */
  static byte[] webpLossless(int width, int height, int b, int g, int r) {
    Mat m = new Mat(height, width, CvType.CV_8UC3, new Scalar(b, g, r));
    try {
      return TestImages.encode(m, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
    } finally {
      m.release();
    }
  }

  // ------------------------------------------------------------------ forged files

  static byte[] pdf() {
    return ascii(
        "%PDF-1.4\n"
            + "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
            + "trailer << /Root 1 0 R >>\n%%EOF\n");
  }

  static byte[] randomAfterSoi(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    b[0] = (byte) 0xFF;
    b[1] = (byte) 0xD8;
    b[2] = (byte) 0xFF;
    return b;
  }

  /**
   * A PNG of {@code width × height} 8-bit RGB, structurally complete: IHDR, an IDAT holding one
   * row's worth of deflated zeros per 64 rows up to 64 KB, IEND, all CRCs right.
   */
  static byte[] pngBomb(long width, long height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    TestImages.writeInt(ihdr, width);
    TestImages.writeInt(ihdr, height);
    ihdr.writeBytes(new byte[] {8, 2, 0, 0, 0});
    pngChunk(out, "IHDR", ihdr.toByteArray());
    pngChunk(out, "IDAT", deflate(new byte[64 * 1024]));
    pngChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** The PNG with its IDAT data overwritten with random bytes, CRCs recomputed. */
  static byte[] corruptIdat(byte[] png) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 8);
    Random random = new Random(7);
    int pos = 8;
    while (pos + 12 <= png.length) {
      int length = readInt(png, pos);
      String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
      byte[] data = Arrays.copyOfRange(png, pos + 8, pos + 8 + length);
      if (type.equals("IDAT")) {
        // keep the 2-byte zlib header so the stream starts plausibly, garble the rest
        byte[] noise = new byte[data.length - 2];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, data, 2, noise.length);
      }
      pngChunk(out, type, data);
      pos += 12 + length;
    }
    return out.toByteArray();
  }

  /** The JPEG with every entropy-coded byte after its SOS header replaced by random non-0xFF. */
  static byte[] corruptScan(byte[] jpeg) {
    byte[] b = jpeg.clone();
    int sos = segmentStart(b, 0xDA);
    int start = sos + 2 + (((b[sos + 2] & 0xFF) << 8) | (b[sos + 3] & 0xFF));
    Random random = new Random(11);
    for (int i = start; i < b.length - 2; i++) {
      b[i] = (byte) random.nextInt(0xFF); // 0x00..0xFE: never forms a marker
    }
    return b;
  }

  /**
   * The progressive-JPEG CPU bomb (cure53's libjpeg-turbo audit; nvImageCodec caps scans at 256 for
   * it): a flat grey progressive JPEG from OpenCV whose last scan header is repeated {@code scans}
   * times with no data before EOI. libjpeg only warns ("Inconsistent progression sequence") and
   * walks every block of the image once per scan.
   */
  static byte[] scanBomb(int width, int height, int scans) {
    Mat grey = new Mat(height, width, CvType.CV_8UC3, new Scalar(128, 128, 128));
    byte[] jpeg;
    try {
      jpeg = TestImages.encode(grey, ".jpg", Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1);
    } finally {
      grey.release();
    }
    int lastSos = -1;
    int pos = 2;
    while (true) {
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == 0xD9) {
        break;
      }
      int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
      pos += 2 + length;
      if (marker == 0xDA) {
        lastSos = pos - 2 - length;
        while (!((jpeg[pos] & 0xFF) == 0xFF && isMarker(jpeg[pos + 1] & 0xFF))) {
          pos++; // entropy-coded data up to the next marker
        }
      }
    }
    int sosLength = 2 + (((jpeg[lastSos + 2] & 0xFF) << 8) | (jpeg[lastSos + 3] & 0xFF));
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + scans * sosLength);
    out.write(jpeg, 0, pos);
    for (int i = 0; i < scans; i++) {
      out.write(jpeg, lastSos, sosLength);
    }
    out.write(jpeg, pos, jpeg.length - pos);
    return out.toByteArray();
  }

  /** The picture as a progressive JPEG from OpenCV (libjpeg's default script). */
  static byte[] progressive(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] bgr = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int c = img.getRGB(x, y);
        int i = 3 * (y * w + x);
        bgr[i] = (byte) c;
        bgr[i + 1] = (byte) (c >> 8);
        bgr[i + 2] = (byte) (c >> 16);
      }
    }
    Mat m = new Mat(h, w, CvType.CV_8UC3);
    try {
      m.put(0, 0, bgr);
      return TestImages.encode(m, ".jpg", Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1);
    } finally {
      m.release();
    }
  }

  /** How many SOS markers the JPEG has, walking by segment lengths and entropy data. */
  static int scans(byte[] jpeg) {
    int n = 0;
    int pos = 2;
    while ((jpeg[pos + 1] & 0xFF) != 0xD9) {
      int marker = jpeg[pos + 1] & 0xFF;
      pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
      if (marker == 0xDA) {
        n++;
        while (!((jpeg[pos] & 0xFF) == 0xFF && isMarker(jpeg[pos + 1] & 0xFF))) {
          pos++;
        }
      }
    }
    return n;
  }

  /** A marker rather than a stuffed 0xFF00, a restart marker or a fill byte. */
  private static boolean isMarker(int code) {
    return code != 0x00 && code != 0xFF && !(code >= 0xD0 && code <= 0xD7);
  }

  /** The JPEG with its frame header's size replaced. */
  static byte[] patchJpegSize(byte[] jpeg, int width, int height) {
    byte[] b = jpeg.clone();
    int sof = segmentStart(b, 0xC0);
    // FF C0, length (2), precision (1), height (2), width (2)
    b[sof + 5] = (byte) (height >> 8);
    b[sof + 6] = (byte) height;
    b[sof + 7] = (byte) (width >> 8);
    b[sof + 8] = (byte) width;
    return b;
  }

  /** The offset of the 0xFF of the first segment with {@code marker}, walking by lengths. */
  private static int segmentStart(byte[] b, int marker) {
    int pos = 2;
    while (pos + 4 <= b.length) {
      if ((b[pos] & 0xFF) != 0xFF) {
        throw new IllegalStateException("not a segment at " + pos);
      }
      int m = b[pos + 1] & 0xFF;
      if (m == marker) {
        return pos;
      }
      pos += 2 + (((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF));
    }
    throw new IllegalStateException("no marker " + Integer.toHexString(marker));
  }

  /** VP8X declaring {@code width × height}, then a real 32×32 VP8L frame. */
  static byte[] webpBomb(int width, int height) {
    byte[] frame = vp8lChunk(webpLossless(32, 32, 40, 90, 200));
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    chunks.writeBytes(vp8x(0, width, height));
    chunks.writeBytes(frame);
    return riffWebp(chunks.toByteArray());
  }

  /**
   * Two 48×64 frames (blue, then red) in the animated WebP layout: VP8X with the animation flag,
   * ANIM (background, loop count), and one ANMF per frame wrapping a VP8L chunk.
   */
  static byte[] animatedWebp() {
    int w = 48;
    int h = 64;
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    chunks.writeBytes(vp8x(0x02, w, h));
    chunks.writeBytes(
        chunk("ANIM", new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, 0}));
    for (byte[] frame :
        List.of(
            vp8lChunk(webpLossless(w, h, 200, 60, 30)),
            vp8lChunk(webpLossless(w, h, 30, 60, 200)))) {
      ByteArrayOutputStream anmf = new ByteArrayOutputStream();
      writeU24le(anmf, 0); // X / 2
      writeU24le(anmf, 0); // Y / 2
      writeU24le(anmf, w - 1);
      writeU24le(anmf, h - 1);
      writeU24le(anmf, 100); // duration, ms
      anmf.write(0); // blend, no dispose
      anmf.writeBytes(frame);
      chunks.writeBytes(chunk("ANMF", anmf.toByteArray()));
    }
    return riffWebp(chunks.toByteArray());
  }

  /** The first chunk after "RIFF size WEBP" of a simple (VP8L) WebP, with padding. */
  private static byte[] vp8lChunk(byte[] webp) {
    String type = new String(webp, 12, 4, StandardCharsets.US_ASCII);
    if (!type.equals("VP8L")) {
      throw new IllegalStateException("expected OpenCV to write VP8L, got " + type);
    }
    int size = readIntLe(webp, 16);
    return Arrays.copyOfRange(webp, 12, 12 + 8 + size + (size & 1));
  }

  private static byte[] vp8x(int flags, int width, int height) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {(byte) flags, 0, 0, 0});
    writeU24le(body, width - 1);
    writeU24le(body, height - 1);
    return chunk("VP8X", body.toByteArray());
  }

  private static byte[] chunk(String type, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
    writeIntLe(out, data.length);
    out.writeBytes(data);
    if ((data.length & 1) == 1) {
      out.write(0);
    }
    return out.toByteArray();
  }

  private static byte[] riffWebp(byte[] chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ascii("RIFF"));
    writeIntLe(out, 4 + chunks.length);
    out.writeBytes(ascii("WEBP"));
    out.writeBytes(chunks);
    return out.toByteArray();
  }

  // ------------------------------------------------------------------ bytes

  private static byte[] splice(byte[] into, int at, byte[] what) {
    byte[] out = new byte[into.length + what.length];
    System.arraycopy(into, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(into, at, out, at + what.length, into.length - at);
    return out;
  }

  private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
    TestImages.writeInt(out, data.length);
    byte[] typeBytes = ascii(type);
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    TestImages.writeInt(out, crc.getValue());
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      d.setInput(data);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static int readInt(byte[] b, int i) {
    return ((b[i] & 0xFF) << 24)
        | ((b[i + 1] & 0xFF) << 16)
        | ((b[i + 2] & 0xFF) << 8)
        | (b[i + 3] & 0xFF);
  }

  private static int readIntLe(byte[] b, int i) {
    return (b[i] & 0xFF)
        | ((b[i + 1] & 0xFF) << 8)
        | ((b[i + 2] & 0xFF) << 16)
        | ((b[i + 3] & 0xFF) << 24);
  }

  private static void writeIntLe(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >> 8);
    out.write(v >> 16);
    out.write(v >> 24);
  }

  private static void writeU24le(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >> 8);
    out.write(v >> 16);
  }
}
