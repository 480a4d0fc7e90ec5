package com.buythatlook.batch;

import com.buythatlook.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Catalog images for the tests: written as JPEG, read back with the job's own decoder. */
final class TestImages {
  private static final ImageBytesDecoder DECODER = IndexJob.servingDecoder();

  private TestImages() {}

  /** The job's decoder ({@link IndexJob#servingDecoder}). */
  static RgbImage decode(byte[] bytes, String name) throws IOException {
    return DECODER.decode(bytes, name);
  }

  static RgbImage read(Path file) throws IOException {
    return decode(Files.readAllBytes(file), file.toString());
  }

  /** A baseline JPEG at {@code quality} in [0, 1]; {@code img} is TYPE_3BYTE_BGR. */
  static void writeJpeg(BufferedImage img, float quality, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      writeJpeg(img, quality, out);
    }
  }

  static void writeJpeg(BufferedImage img, float quality, OutputStream out) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
  }
}
