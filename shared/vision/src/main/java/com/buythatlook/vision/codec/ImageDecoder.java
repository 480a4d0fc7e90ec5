package com.buythatlook.vision.codec;

import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Turns the bytes of an untrusted JPEG, PNG or WebP into an RGB image, refusing anything over the
 * {@link ImageLimits} before decoding it. Thread-safe; holds no state but its limits.
 */
public final class ImageDecoder {

  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = limits;
  }

  public static ImageDecoder withDefaultLimits() {
    return new ImageDecoder(ImageLimits.DEFAULT);
  }

  public ImageLimits limits() {
    return limits;
  }

  /**
   * Checks size, format, pixel count and completeness from the header alone: what an upload handler
   * or a downloader can afford on every file.
   *
   * @throws ImageRejectedException with the reason the photo cannot be used
   */
  public ImageHeader inspect(byte[] bytes) {
    if (bytes.length > limits.maxBytes()) {
      throw tooManyBytes(bytes.length);
    }
    ImageHeader header = HeaderReader.read(bytes);
    if (header.pixels() > limits.maxPixels()) {
      throw new ImageRejectedException(
          RejectionReason.TOO_MANY_PIXELS,
          "image is "
              + header.width()
              + "×"
              + header.height()
              + " pixels; the limit is "
              + pixels(limits.maxPixels()));
    }
    if (!header.complete()) {
      throw new ImageRejectedException(
          RejectionReason.TRUNCATED,
          "the "
              + header.format()
              + " file ends early: it was cut short (an interrupted"
              + " upload or download?)");
    }
    return header;
  }

  /**
   * Decodes to RGB with EXIF orientation applied and transparency composited over white.
   *
   * @throws ImageRejectedException with the reason the photo cannot be used
   */
  public RgbImage decode(byte[] bytes) {
    ImageHeader header = inspect(bytes);
    OpenCv.load();
    // IMREAD_COLOR converts grey, palette, 16-bit and CMYK to 8-bit BGR. Files that may be
    // transparent need IMREAD_UNCHANGED, because IMREAD_COLOR drops alpha and leaves whatever
    // colour hides under transparent pixels (often black). Orientation is ignored by both here
    // and applied from our own header parse, so that the two paths agree.
    int flags =
        header.hasAlpha()
            ? Imgcodecs.IMREAD_UNCHANGED
            : Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION;
    MatOfByte encoded =
        new MatOfByte(
            header.format() == ImageFormat.PNG ? PngChunks.withoutColourProfile(bytes) : bytes);
    Mat decoded = Imgcodecs.imdecode(encoded, flags);
    Mat oriented = null;
    try {
      if (decoded.empty()) {
        throw new ImageRejectedException(
            RejectionReason.CORRUPT,
            "the " + header.format() + " file's image data is corrupt and cannot be decoded");
      }
      if (decoded.cols() != header.width() || decoded.rows() != header.height()) {
        // Guards the pixel limit: what was decoded must be what the header promised.
        throw new ImageRejectedException(
            RejectionReason.CORRUPT,
            "the "
                + header.format()
                + " file says it is "
                + header.width()
                + "×"
                + header.height()
                + " pixels but decodes to "
                + decoded.cols()
                + "×"
                + decoded.rows());
      }
      oriented = ExifOrientation.apply(decoded, header.orientation());
      return toRgb(oriented);
    } finally {
      if (oriented != null && oriented != decoded) {
        oriented.release();
      }
      decoded.release();
      encoded.release();
    }
  }

  /** Reads and decodes a file, refusing an oversized one before reading it into memory. */
  public RgbImage read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > limits.maxBytes()) {
      throw tooManyBytes(size);
    }
    return decode(Files.readAllBytes(file));
  }

  private static RgbImage toRgb(Mat decoded) {
    Mat eightBit = decoded;
    if (decoded.depth() != CvType.CV_8U) {
      eightBit = new Mat();
      // 16-bit PNGs: 65535 / 257 = 255.
      decoded.convertTo(eightBit, CvType.CV_8U, decoded.depth() == CvType.CV_16U ? 1 / 257.0 : 1);
    }
    try {
      return switch (eightBit.channels()) {
        case 3 -> OpenCv.fromBgrMat(eightBit);
        case 1 -> convert(eightBit, Imgproc.COLOR_GRAY2RGB);
        case 4 -> overWhite(eightBit);
        case 2 -> greyAlphaOverWhite(eightBit);
        default ->
            throw new ImageRejectedException(
                RejectionReason.UNSUPPORTED_FORMAT,
                "images with " + eightBit.channels() + " channels are not supported");
      };
    } finally {
      if (eightBit != decoded) {
        eightBit.release();
      }
    }
  }

  /** Grey + alpha, should OpenCV ever return it as two channels rather than four. */
  private static RgbImage greyAlphaOverWhite(Mat greyAlpha) {
    Mat grey = new Mat();
    Mat alpha = new Mat();
    Mat bgra = new Mat();
    try {
      Core.extractChannel(greyAlpha, grey, 0);
      Core.extractChannel(greyAlpha, alpha, 1);
      Core.merge(List.of(grey, grey, grey, alpha), bgra);
      return overWhite(bgra);
    } finally {
      grey.release();
      alpha.release();
      bgra.release();
    }
  }

  private static RgbImage convert(Mat source, int code) {
    Mat rgb = new Mat();
    try {
      Imgproc.cvtColor(source, rgb, code);
      return OpenCv.fromRgbMat(rgb);
    } finally {
      rgb.release();
    }
  }

  /** Composites B, G, R, A over white: a transparent product shot shows as on a web page. */
  private static RgbImage overWhite(Mat bgra) {
    Mat continuous = bgra.isContinuous() ? bgra : bgra.clone();
    try {
      int n = continuous.cols() * continuous.rows();
      byte[] in = new byte[n * 4];
      continuous.get(0, 0, in);
      byte[] out = new byte[n * 3];
      for (int i = 0; i < n; i++) {
        int a = in[4 * i + 3] & 0xFF;
        int inv = 255 - a;
        out[3 * i] = (byte) (((in[4 * i + 2] & 0xFF) * a + 255 * inv + 127) / 255);
        out[3 * i + 1] = (byte) (((in[4 * i + 1] & 0xFF) * a + 255 * inv + 127) / 255);
        out[3 * i + 2] = (byte) (((in[4 * i] & 0xFF) * a + 255 * inv + 127) / 255);
      }
      return new RgbImage(continuous.cols(), continuous.rows(), out);
    } finally {
      if (continuous != bgra) {
        continuous.release();
      }
    }
  }

  private ImageRejectedException tooManyBytes(long size) {
    return new ImageRejectedException(
        RejectionReason.TOO_MANY_BYTES,
        "image is " + bytes(size) + "; the limit is " + bytes(limits.maxBytes()));
  }

  private static String bytes(long n) {
    return n < 1024 * 1024
        ? n + " bytes"
        : String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
  }

  private static String pixels(long n) {
    if (n < 1_000_000) {
      return n + " pixels";
    }
    return n % 1_000_000 == 0
        ? n / 1_000_000 + " megapixels"
        : String.format(Locale.ROOT, "%.1f megapixels", n / 1e6);
  }
}
