package com.buythatlook.cli.photo;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageRejectedException;
import com.buythatlook.vision.detect.DetectionFilter;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.onnx.InvalidModelException;
import com.buythatlook.vision.onnx.ModelFolders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code btl look PHOTO}: what the detector and embedder make of one photo. */
@Command(
    name = "look",
    mixinStandardHelpOptions = true,
    description = {
      "Finds the fashion items in a photo as the detect function does (same decoder, limits and"
          + " filters: score at least --min-score, one item per category), embeds each item's"
          + " crop, prints the items and draws them on a picture.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  btl look street.jpg --out street-look.png",
      "  btl look street.jpg --detector infra/models/detector --min-score 0.5",
      "",
      "Without --detector/--embedder the folders infra/models/detector and"
          + " infra/models/embedder are looked for under the current directory, then beside"
          + " the btl jar and the folders above it."
    })
public final class LookCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PHOTO", description = "a JPEG, PNG or WebP photo")
  Path photo;

  @Option(
      names = "--detector",
      paramLabel = "DIR",
      description =
          "detector model folder (model.onnx + model.json), or 'default':"
              + " infra/models/detector (also without the option)")
  Path detector;

  @Option(
      names = "--embedder",
      paramLabel = "DIR",
      description =
          "embedder model folder (model.onnx + model.json), or 'default':"
              + " infra/models/embedder (also without the option)")
  Path embedder;

  @Option(
      names = "--out",
      paramLabel = "FILE.png",
      description =
          "where to write the picture of the photo with its items;"
              + " default: PHOTO's name with -look.png, in the current directory")
  Path out;

  @Option(
      names = "--min-score",
      paramLabel = "SCORE",
      description =
          "keep items scoring at least this, 0..1 (default: the detector manifest's"
              + " minScore, else 0.75, the service's threshold)")
  Double minScoreOption;

  @Override
  public Integer call() throws IOException {
    if (minScoreOption != null && !(minScoreOption >= 0 && minScoreOption <= 1)) {
      throw new UserError("--min-score must be between 0 and 1, got " + minScoreOption);
    }
    Path cwd = Path.of("");
    Path jarDir = ModelFolders.jarDir(LookCommand.class);
    Path detectorDir;
    Path embedderDir;
    try {
      detectorDir = ModelFolders.resolve("detector", detector, cwd, jarDir);
      embedderDir = ModelFolders.resolve("embedder", embedder, cwd, jarDir);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    RgbImage image = decode(photo);
    Path picture = out != null ? out : defaultOut(photo);

    PrintWriter o = spec.commandLine().getOut();
    try (OnnxDetector det = OnnxDetector.open(detectorDir);
        OnnxEmbedder emb = OnnxEmbedder.open(embedderDir)) {
      double minScore =
          minScoreOption != null
              ? minScoreOption
              : det.minScore().orElse(DetectionFilter.MIN_SCORE);
      List<Detection> all = det.detect(image);
      DetectionFilter filter = new DetectionFilter(minScore, EnumSet.allOf(Category.class), true);
      List<Detection> kept = filter.apply(all);
      List<RgbImage> crops = new ArrayList<>(kept.size());
      for (Detection d : kept) {
        crops.add(image.crop(d.box()));
      }
      float[][] vectors = emb.embed(crops);

      o.printf(
          Locale.ROOT,
          "%s: %d×%d pixels; %s found %d item(s), %d kept (score ≥ %.2f," + " best per category)%n",
          photo.getFileName(),
          image.width(),
          image.height(),
          det.name(),
          all.size(),
          kept.size(),
          minScore);
      if (!kept.isEmpty()) {
        o.printf(
            Locale.ROOT,
            "  %2s  %-10s %5s  %s%n",
            "#",
            "category",
            "score",
            "box (left, top, width × height in pixels)");
      }
      for (int i = 0; i < kept.size(); i++) {
        Detection d = kept.get(i);
        Box b = d.box();
        o.printf(
            Locale.ROOT,
            "  %2d  %-10s %5.2f  %.0f, %.0f, %.0f × %.0f%n",
            i + 1,
            d.category().wireName(),
            d.score(),
            b.left(),
            b.top(),
            b.width(),
            b.height());
      }
      if (!kept.isEmpty()) {
        o.printf(
            Locale.ROOT,
            "embedded %d crop(s) with %s: %d-d unit vectors%n",
            vectors.length,
            emb.name(),
            emb.dimension());
      }
      write(LookPicture.draw(image, kept, crops), picture);
      o.println("wrote " + picture);
      o.flush();
    } catch (InvalidModelException e) {
      throw new UserError(e.getMessage());
    }
    return 0;
  }

  private static RgbImage decode(Path photo) throws IOException {
    if (Files.isDirectory(photo)) {
      throw new UserError(photo + " is a folder; give a photo file (JPEG, PNG or WebP)");
    }
    try {
      return ImageDecoder.withDefaultLimits().read(photo);
    } catch (NoSuchFileException e) {
      throw new UserError("no such photo: " + photo);
    } catch (AccessDeniedException e) {
      throw new UserError(photo + " cannot be read (permission denied)");
    } catch (ImageRejectedException e) {
      throw new UserError(photo + ": " + e.getMessage());
    }
  }

  static Path defaultOut(Path photo) {
    String name = photo.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return Path.of((dot > 0 ? name.substring(0, dot) : name) + "-look.png");
  }

  private static void write(java.awt.image.BufferedImage img, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UserError("cannot write " + file + ": folder " + parent + " does not exist");
    }
    Images.writePng(img, file);
  }
}
