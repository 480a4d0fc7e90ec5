package com.buythatlook.cli.pictures;

import com.buythatlook.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * JDK image I/O for the command-line tools (synthetic data, evaluation, download checks). The
 * serving path decodes with OpenCV under limits in {@code shared/vision}; here the inputs are our
 * own or the user's files.
 */
public final class Images {
  /** Refuse images above this many pixels before decoding them (decompression bombs). */
  public static final long MAX_PIXELS = 40_000_000L;

  private Images() {}

  /** Decodes a JPEG/PNG/GIF/BMP file to RGB; the error says why a file is not usable. */
  public static RgbImage read(Path file) throws IOException {
    return decode(Files.readAllBytes(file), file.toString());
  }

  public static RgbImage decode(byte[] bytes, String name) throws IOException {
    return toRgb(decodeBuffered(bytes, name));
  }

  /**
   * Decodes after checking the header's dimensions against {@link #MAX_PIXELS}.
   *
   * @throws IOException with a readable reason when the bytes are not a decodable image
   */
  public static BufferedImage decodeBuffered(byte[] bytes, String name) throws IOException {
    if (bytes.length == 0) {
      throw new IOException(name + " is empty (0 bytes)");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException(name + " is not an image in a format we read (JPEG, PNG)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > MAX_PIXELS) {
          throw new IOException(
              name
                  + " is "
                  + w
                  + "x"
                  + h
                  + " pixels; the limit is "
                  + MAX_PIXELS / 1_000_000
                  + " megapixels");
        }
        BufferedImage img = reader.read(0);
        if (img == null) {
          throw new IOException(name + " could not be decoded");
        }
        return img;
      } catch (IOException | RuntimeException e) {
        if (e instanceof IOException io
            && io.getMessage() != null
            && io.getMessage().startsWith(name)) {
          throw io;
        }
        throw new IOException(name + " could not be decoded: " + e.getMessage(), e);
      } finally {
        reader.dispose();
      }
    }
  }

  /** Converts any BufferedImage to interleaved RGB bytes. */
  public static RgbImage toRgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] out = new byte[w * h * 3];
    if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < w * h; i++) {
        out[3 * i] = bgr[3 * i + 2];
        out[3 * i + 1] = bgr[3 * i + 1];
        out[3 * i + 2] = bgr[3 * i];
      }
      return new RgbImage(w, h, out);
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int o = (y * w + x) * 3;
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return new RgbImage(w, h, out);
  }

  public static BufferedImage toBuffered(RgbImage img) {
    BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    byte[] rgb = img.rgb();
    for (int i = 0; i < img.width() * img.height(); i++) {
      bgr[3 * i] = rgb[3 * i + 2];
      bgr[3 * i + 1] = rgb[3 * i + 1];
      bgr[3 * i + 2] = rgb[3 * i];
    }
    return out;
  }

  /** Writes a baseline JPEG at {@code quality} in [0, 1]. */
  public static void writeJpeg(BufferedImage img, float quality, OutputStream out)
      throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      BufferedImage rgb = img;
      if (img.getType() != BufferedImage.TYPE_3BYTE_BGR
          && img.getType() != BufferedImage.TYPE_INT_RGB) {
        rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(img, 0, 0, null);
      }
      writer.write(null, new IIOImage(rgb, null, null), p);
    } finally {
      writer.dispose();
    }
  }

  public static void writeJpeg(BufferedImage img, float quality, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      writeJpeg(img, quality, out);
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static void writePng(BufferedImage img, Path file) throws IOException {
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }
}
