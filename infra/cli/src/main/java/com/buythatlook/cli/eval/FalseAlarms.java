package com.buythatlook.cli.eval;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.photo.LookPicture;
import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageRejectedException;
import com.buythatlook.vision.detect.DetectionFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * False alarms: the detect step with the production filters (score at least {@link
 * DetectionFilter#MIN_SCORE}, the best item per category) run on photographs in which nobody wears
 * anything, so that every item kept is a false alarm. Each photograph is tried whole and as a few
 * seeded crops of the street photos' 3:4 shape (a third of its area up to all of it), the framings
 * the generator composes scenes with. The worst images are drawn, as {@code btl look} draws them.
 */
final class FalseAlarms {
  /**
   * One image tried: a photograph, the part of it the detector saw (null: the whole photo), and
   * what the detector kept.
   */
  record Result(Path file, Box frame, List<Detection> kept) {
    String name() {
      return file.getFileName()
          + (frame == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  "-crop-%.0f-%.0f-%.0fx%.0f",
                  frame.left(),
                  frame.top(),
                  frame.width(),
                  frame.height()));
    }
  }

  private FalseAlarms() {}

  static List<Result> run(Detector detector, List<Path> files, int crops, PrintWriter log)
      throws IOException {
    ImageDecoder decoder = ImageDecoder.withDefaultLimits();
    DetectionFilter filter =
        new DetectionFilter(DetectionFilter.MIN_SCORE, EnumSet.allOf(Category.class), true);
    List<Result> results = new ArrayList<>();
    for (Path f : files) {
      RgbImage photo;
      try {
        photo = decoder.read(f);
      } catch (ImageRejectedException e) {
        log.println("eval: skipping " + f + ": " + e.getMessage());
        continue;
      }
      String name = f.getFileName().toString();
      results.add(new Result(f, null, filter.apply(detector.detect(photo))));
      SplittableRandom rng = new SplittableRandom(name.hashCode());
      for (int k = 0; k < crops; k++) {
        Box frame = frame(photo, rng);
        results.add(new Result(f, frame, filter.apply(detector.detect(photo.crop(frame)))));
      }
      log.printf(
          Locale.ROOT,
          "eval: negatives %d/%d %s%n",
          results.size() / (crops + 1),
          files.size(),
          name);
      log.flush();
    }
    return results;
  }

  /** A random 3:4 window of a third of the photo's largest such window up to all of it. */
  private static Box frame(RgbImage photo, SplittableRandom rng) {
    double w = photo.width();
    double h = photo.height();
    if (w / h > 0.75) {
      w = h * 0.75;
    } else {
      h = w / 0.75;
    }
    double s = Math.sqrt(0.33 + 0.67 * rng.nextDouble());
    w *= s;
    h *= s;
    double x = rng.nextDouble() * (photo.width() - w);
    double y = rng.nextDouble() * (photo.height() - h);
    return new Box(x, y, w, h);
  }

  static List<Path> photos(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UserError(
          "--negatives "
              + dir
              + " is not a folder; give a folder of photographs without people,"
              + " e.g. the holdout/ folder of infra/training/collect_backgrounds.sh");
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files =
          s.filter(
                  p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".jpg")
                        || n.endsWith(".jpeg")
                        || n.endsWith(".png")
                        || n.endsWith(".webp");
                  })
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new UserError("--negatives " + dir + " holds no .jpg, .png or .webp photograph");
      }
      return files;
    } catch (IOException e) {
      throw new UserError("cannot list --negatives " + dir + ": " + e.getMessage());
    }
  }

  static void print(List<Result> results, PrintWriter out) {
    long photos = results.stream().map(Result::file).distinct().count();
    int kept = results.stream().mapToInt(r -> r.kept().size()).sum();
    long withAlarm = results.stream().filter(r -> !r.kept().isEmpty()).count();
    Map<Category, Integer> perCategory = new EnumMap<>(Category.class);
    for (Result r : results) {
      for (Detection d : r.kept()) {
        perCategory.merge(d.category(), 1, Integer::sum);
      }
    }
    out.printf(
        Locale.ROOT,
        "false alarms on %d images (%d photographs without people, whole and cropped):"
            + " %d items kept (score >= %.2f, best per category), %.3f per image;"
            + " %d images with at least one%n",
        results.size(),
        photos,
        kept,
        DetectionFilter.MIN_SCORE,
        kept / (double) Math.max(1, results.size()),
        withAlarm);
    if (!perCategory.isEmpty()) {
      StringBuilder sb = new StringBuilder("  by category:");
      perCategory.forEach((c, n) -> sb.append(' ').append(c.wireName()).append(' ').append(n));
      out.println(sb);
    }
    out.printf(
        Locale.ROOT,
        "false_alarm_images=%d false_alarm_items=%d per_image=%.3f%n",
        results.size(),
        kept,
        kept / (double) Math.max(1, results.size()));
    out.flush();
  }

  /** Draws the images with the most (then the highest-scoring) false alarms. */
  static List<Path> drawWorst(List<Result> results, Path outDir, int count) throws IOException {
    List<Result> worst =
        results.stream()
            .filter(r -> !r.kept().isEmpty())
            .sorted(
                Comparator.comparingInt((Result r) -> -r.kept().size())
                    .thenComparingDouble(
                        r -> -r.kept().stream().mapToDouble(Detection::score).max().orElse(0)))
            .limit(count)
            .toList();
    List<Path> written = new ArrayList<>();
    if (worst.isEmpty()) {
      return written;
    }
    Files.createDirectories(outDir);
    ImageDecoder decoder = ImageDecoder.withDefaultLimits();
    for (Result r : worst) {
      RgbImage photo;
      try {
        photo = decoder.read(r.file());
      } catch (ImageRejectedException e) {
        continue;
      }
      if (r.frame() != null) {
        photo = photo.crop(r.frame());
      }
      List<RgbImage> itemCrops = new ArrayList<>();
      for (Detection d : r.kept()) {
        itemCrops.add(photo.crop(d.box()));
      }
      Path png = outDir.resolve(r.name() + "-false-alarms.png");
      Images.writePng(LookPicture.draw(photo, r.kept(), itemCrops), png);
      written.add(png);
    }
    return written;
  }
}
