package com.buythatlook.cli.eval;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.models.Models;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.core.inference.Embedder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code btl eval}: option parsing and output around {@link Evaluation}. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Measures street-to-shop retrieval and detection on a data set, per category and overall.",
      "It evaluates one split of a data set and prints a table (progress goes to stderr). It reads",
      "street2shop's layout (what 'btl generate' and 'btl fetch' write), DeepFashion2 (annos/ and",
      "image/; retrieval as its consumer-to-shop protocol with ground-truth boxes: queries are the",
      "user items with style > 0, the gallery every shop item of the split and of the query's",
      "category, cropped by its box, a hit a shop item with the query's pair_id and style; compare",
      "with Match R-CNN's top-1 0.268, top-10 0.574, top-20 0.665) and COCO detection JSON",
      "(Fashionpedia, iMaterialist-Fashion; detection only). Classes map onto catalog categories by",
      "name (DeepFashion2's 13, Fashionpedia's 46; garment parts map to none):",
      "",
      "  top1..top20  share of street items whose product has a shop photo among the k shop photos",
      "               of its category in the split most similar to it (cosine), the street item",
      "               cropped by its annotated box: DeepFashion2's consumer-to-shop protocol.",
      "               top15 is the metric of the blog post this project grew from. Shop photos are embedded whole.",
      "  top1_det,    the same, the street item cropped by the detector's box instead: the",
      "  top20_det    highest-scoring detection of its category with IoU >= 0.5; none is a miss.",
      "  AP50, AP     COCO detection average precision at IoU 0.5 and over IoU 0.50:0.05:0.95.",
      "",
      "Overall top-k pools all street items; overall AP is the mean over categories.",
      ""
    },
    footer = {
      "",
      "Example: btl eval --data data/synth --split test --json eval.json --plot recall.png"
    })
public final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data set: a folder in street2shop's layout (meta/json/*.json, photos.txt, images/), as"
              + " 'btl generate' or 'btl fetch' write it; a DeepFashion2 folder (its validation/"
              + " for --split test, train/ for train, or one split folder with annos/ and image/);"
              + " or a COCO detection JSON file.")
  Path data;

  @Option(
      names = "--format",
      paramLabel = "auto|street2shop|deepfashion2|coco",
      defaultValue = DataSets.AUTO,
      description =
          "Format of --data; 'auto' (default) tells them apart by their files. 'btl' is the same"
              + " as street2shop.")
  String format;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description =
          "COCO only: the folder the file_name of each image is relative to (default: the JSON"
              + " file's folder, then images/ beside it).")
  Path images;

  @Option(
      names = "--negatives",
      paramLabel = "DIR",
      description =
          "Also (or, without --data, only) count false alarms: run the detect step with the"
              + " service's filters (score >= 0.75, best per category) on the photographs in DIR,"
              + " in which nobody wears anything (e.g. the held-out photographs of"
              + " infra/training/collect_backgrounds.sh), each whole and as --negative-crops"
              + " crops; prints kept items per image and draws the worst images.")
  Path negatives;

  @Option(
      names = "--negative-crops",
      paramLabel = "N",
      defaultValue = "4",
      description = "Seeded 3:4 crops per negative photograph (default: ${DEFAULT-VALUE}).")
  int negativeCrops;

  @Option(
      names = "--negatives-out",
      paramLabel = "DIR",
      defaultValue = "false-alarms",
      description = "Where the worst false-alarm images are drawn (default: ${DEFAULT-VALUE}).")
  Path negativesOut;

  @Option(
      names = "--split",
      defaultValue = "test",
      paramLabel = "SPLIT",
      description = "Split to evaluate: train or test (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--detector",
      defaultValue = Models.DEFAULT,
      paramLabel = "gt|default|MODEL_DIR",
      description =
          "Detector for the detected-box figures and AP. 'gt' returns the annotated boxes"
              + " (score 1; AP 1.0 by construction), separating retrieval from detection;"
              + " 'default' is infra/models/detector; or any detector model folder"
              + " (model.onnx + model.json). Default: ${DEFAULT-VALUE}.")
  String detector;

  @Option(
      names = "--embedder",
      defaultValue = Models.DEFAULT,
      paramLabel = "histogram|default|MODEL_DIR",
      description =
          "Embedder for shop photos and street crops. 'histogram' is the colour-histogram"
              + " baseline (HSV, centre-weighted, soft bins); 'default' is"
              + " infra/models/embedder; or any embedding model folder. Default:"
              + " ${DEFAULT-VALUE}.")
  String embedder;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Worker threads for decoding, detecting and embedding (default: the number of"
              + " processors).")
  Integer threads;

  @Option(
      names = "--baseline",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also evaluate the colour-histogram baseline (ground-truth boxes) in the same run and"
              + " print its table after the main one, so models are always read against it; skipped"
              + " when --embedder is already 'histogram'. Default: ${DEFAULT-VALUE}.")
  boolean baseline;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description =
          "Also write the figures as JSON: {\"config\", \"overall\", \"categories\": {name:"
              + " {...}}} with keys queries, gallery, top1, top10, top15, top20, top1_detected,"
              + " top20_detected, ap50, ap (null where undefined).")
  Path json;

  @Option(
      names = "--plot",
      paramLabel = "FILE.png",
      description =
          "Also draw hit rate at k (k = 1..50, ground-truth boxes) per category as a PNG.")
  Path plot;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter log = spec.commandLine().getErr();
    Split s = parseSplit();
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) {
      throw new UserError("--threads must be at least 1, got " + n);
    }
    if (plot != null && !plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new UserError(
          "--plot writes a PNG image; give a file name ending in .png, not " + plot);
    }
    if (data == null && negatives == null) {
      throw new UserError(
          "give --data DIR (a data set) or --negatives DIR (photographs without"
              + " people), or both; see btl eval --help");
    }
    if (negativeCrops < 0 || negativeCrops > 100) {
      throw new UserError("--negative-crops must be between 0 and 100, got " + negativeCrops);
    }
    // a bad folder fails before any model loads
    List<Path> negativePhotos = negatives == null ? List.of() : FalseAlarms.photos(negatives);
    if (data == null) {
      return negatives(negativePhotos, out, log, List.of());
    }
    Street2ShopDataset dataset = DataSets.open(data, format, images, s);

    // Models are chosen before anything is decoded, so a bad --detector fails at once.
    List<StreetItem> annotations = new ArrayList<>();
    for (Category c : Category.values()) {
      annotations.addAll(dataset.pairs(s, c));
    }
    if (negatives != null && Models.GROUND_TRUTH.equals(detector)) {
      throw new UserError("--negatives needs a real detector, not --detector gt");
    }
    Detector det = detector(detector, annotations);
    Embedder emb;
    EvaluationReport report;
    try {
      emb = Models.embedder(embedder);
      try {
        report = new Evaluation(dataset, det, emb, n, log).run(s);
      } finally {
        Models.close(emb);
      }
    } finally {
      Models.close(det);
    }

    out.print(ReportTable.format(report));
    out.flush();
    EvaluationReport baselineReport = null;
    if (baseline && !Models.HISTOGRAM.equals(embedder) && dataset.hasRetrieval()) {
      baselineReport =
          new Evaluation(
                  dataset,
                  new GroundTruthDetector(annotations),
                  Models.embedder(Models.HISTOGRAM),
                  n,
                  log)
              .run(s);
      out.println();
      out.println("Baseline, for comparison:");
      out.print(ReportTable.format(baselineReport));
      double errors = 1 - report.overall().top(1);
      double baselineErrors = 1 - baselineReport.overall().top(1);
      out.printf(
          java.util.Locale.ROOT,
          "top-1 errors: %.3f vs the baseline's %.3f (%.1fx fewer)%n",
          errors,
          baselineErrors,
          baselineErrors / Math.max(errors, 1e-9));
      out.flush();
    }
    if (json != null) {
      try {
        ReportJson.write(report, baselineReport, json);
      } catch (IOException e) {
        throw new UserError("cannot write --json " + json + ": " + e.getMessage());
      }
      log.println("eval: wrote " + json);
    }
    if (plot != null) {
      try {
        RecallPlot.write(report, plot);
      } catch (IOException e) {
        throw new UserError("cannot write --plot " + plot + ": " + e.getMessage());
      }
      log.println("eval: wrote " + plot);
    }
    if (negatives != null) {
      return negatives(negativePhotos, out, log, annotations);
    }
    return 0;
  }

  private int negatives(
      List<Path> photos, PrintWriter out, PrintWriter log, List<StreetItem> annotations) {
    Detector det = detector(detector, annotations);
    try {
      List<FalseAlarms.Result> results = FalseAlarms.run(det, photos, negativeCrops, log);
      out.println();
      FalseAlarms.print(results, out);
      List<Path> drawn = FalseAlarms.drawWorst(results, negativesOut, 8);
      if (!drawn.isEmpty()) {
        out.println("drew the " + drawn.size() + " worst images in " + negativesOut);
      }
      out.flush();
    } catch (IOException e) {
      throw new UserError("cannot read or draw the negatives: " + e.getMessage());
    } finally {
      Models.close(det);
    }
    return 0;
  }

  private Split parseSplit() {
    try {
      return Split.fromWireName(split);
    } catch (IllegalArgumentException e) {
      throw new UserError("--split " + e.getMessage());
    }
  }

  private static Detector detector(String spec, Iterable<StreetItem> annotations) {
    return Models.GROUND_TRUTH.equals(spec)
        ? new GroundTruthDetector(annotations)
        : Models.detector(spec);
  }
}
