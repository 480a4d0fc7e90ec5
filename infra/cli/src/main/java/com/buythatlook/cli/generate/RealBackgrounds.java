package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.Seeds.between;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.pictures.Images;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Real photographs to compose street scenes over ({@code btl generate --backgrounds DIR}). Each
 * scene takes a random crop of one photograph (a third of its area up to all of it, the photo's
 * aspect), mirrored half the time, with its brightness, contrast, saturation and white balance
 * jittered and, sometimes, the softness of a background out of focus. The photographs are read
 * once, in file-name order, so a scene is still a pure function of the seed and its index.
 */
final class RealBackgrounds {
  /** Longer side photographs are shrunk to on loading: a crop never needs more. */
  static final int MAX_SIDE = 1024;

  private final List<BufferedImage> photos;

  private RealBackgrounds(List<BufferedImage> photos) {
    this.photos = photos;
  }

  static RealBackgrounds load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UserError(
          "--backgrounds "
              + dir
              + " is not a folder; collect the photographs first with"
              + " infra/training/collect_backgrounds.sh");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(
                  p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
                  })
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UserError("cannot list --backgrounds " + dir + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new UserError(
          "--backgrounds "
              + dir
              + " holds no .jpg or .png photograph; collect them with"
              + " infra/training/collect_backgrounds.sh");
    }
    List<BufferedImage> photos = new ArrayList<>();
    for (Path f : files) {
      try {
        BufferedImage img = Images.decodeBuffered(Files.readAllBytes(f), f.toString());
        photos.add(toIntRgb(img));
      } catch (IOException | RuntimeException e) {
        throw new UserError("cannot read the background photograph " + f + ": " + e.getMessage());
      }
    }
    return new RealBackgrounds(List.copyOf(photos));
  }

  int size() {
    return photos.size();
  }

  /** At most {@link #MAX_SIDE} on the longer side, as packed RGB (the fastest to draw from). */
  private static BufferedImage toIntRgb(BufferedImage img) {
    int longSide = Math.max(img.getWidth(), img.getHeight());
    double s = Math.min(1.0, MAX_SIDE / (double) longSide);
    int w = Math.max(1, (int) Math.round(img.getWidth() * s));
    int h = Math.max(1, (int) Math.round(img.getHeight() * s));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** Paints a jittered crop of a random photograph over the whole canvas. */
  void paint(Canvas canvas, SplittableRandom rng) {
    BufferedImage photo = photos.get(rng.nextInt(photos.size()));
    double aspect = canvas.width / (double) canvas.height;
    double cw = photo.getWidth();
    double ch = photo.getHeight();
    if (cw / ch > aspect) {
      cw = ch * aspect;
    } else {
      ch = cw / aspect;
    }
    double side = Math.sqrt(between(rng, 0.33, 1.0)); // a third of the area up to all of it
    cw *= side;
    ch *= side;
    int sx = (int) between(rng, 0, photo.getWidth() - cw + 1e-9);
    int sy = (int) between(rng, 0, photo.getHeight() - ch + 1e-9);
    boolean flip = rng.nextBoolean();
    Graphics2D g = canvas.g;
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    int dx0 = flip ? canvas.width : 0;
    int dx1 = flip ? 0 : canvas.width;
    g.drawImage(
        photo,
        dx0,
        0,
        dx1,
        canvas.height,
        sx,
        sy,
        sx + (int) Math.round(cw),
        sy + (int) Math.round(ch),
        null);
    jitter(canvas.rgb, rng);
    if (rng.nextInt(100) < 35) { // a background out of focus behind the people
      PhotoEffects.blur(canvas.rgb, canvas.width, canvas.height, between(rng, 0.8, 2.2));
    }
  }

  /** Brightness, contrast, saturation and per-channel gain (white balance). */
  private static void jitter(int[] rgb, SplittableRandom rng) {
    double brightness = between(rng, 0.7, 1.3);
    double contrast = between(rng, 0.7, 1.25);
    double saturation = between(rng, 0.5, 1.3);
    double[] gain = {between(rng, 0.88, 1.12), between(rng, 0.92, 1.08), between(rng, 0.88, 1.12)};
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      double r = (p >> 16) & 0xFF;
      double gr = (p >> 8) & 0xFF;
      double b = p & 0xFF;
      double grey = 0.299 * r + 0.587 * gr + 0.114 * b;
      r = grey + (r - grey) * saturation;
      gr = grey + (gr - grey) * saturation;
      b = grey + (b - grey) * saturation;
      r = ((r - 128) * contrast + 128) * brightness * gain[0];
      gr = ((gr - 128) * contrast + 128) * brightness * gain[1];
      b = ((b - 128) * contrast + 128) * brightness * gain[2];
      rgb[i] = (Rgb.clamp((int) r) << 16) | (Rgb.clamp((int) gr) << 8) | Rgb.clamp((int) b);
    }
  }
}
