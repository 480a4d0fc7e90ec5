package com.buythatlook.cli.eval;

import com.buythatlook.core.catalog.Category;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The report as JSON, for scripts and for comparing runs:
 *
 * <pre>
 * {"config": {"data", "split", "detector", "embedder"},
 *  "overall": {"queries", "gallery", "top1", "top10", "top15", "top20",
 *              "top1_detected", "top20_detected", "ap50", "ap"},
 *  "categories": {"tops": {same keys}, …},
 *  "not_covered": ["bags", …] (categories the detector can never report: AP null, left out
 *                  of the overall AP),
 *  "baseline": {the same for the colour-histogram baseline, when it ran}}
 * </pre>
 *
 * Figures that do not exist (AP of a category without ground truth) are {@code null}, never NaN,
 * which is not JSON.
 */
final class ReportJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  static ObjectNode toJson(EvaluationReport report) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode config = root.putObject("config");
    config.put("data", report.data());
    config.put("split", report.split());
    config.put("detector", report.detector());
    config.put("embedder", report.embedder());
    fill(root.putObject("overall"), report.overall());
    ObjectNode categories = root.putObject("categories");
    for (Map.Entry<Category, EvaluationReport.Result> e : report.categories().entrySet()) {
      fill(categories.putObject(e.getKey().wireName()), e.getValue());
    }
    com.fasterxml.jackson.databind.node.ArrayNode notCovered = root.putArray("not_covered");
    report.notCovered().forEach(c -> notCovered.add(c.wireName()));
    return root;
  }

  /** Writes to a temporary sibling first, so a reader never sees half a file. */
  static void write(EvaluationReport report, Path file) throws IOException {
    write(report, null, file);
  }

  /**
   * As {@link #write(EvaluationReport, Path)}, with the colour-histogram baseline of the same run
   * under {@code "baseline"} (same shape) when there is one.
   */
  static void write(EvaluationReport report, EvaluationReport baseline, Path file)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".part");
    try {
      ObjectNode root = toJson(report);
      if (baseline != null) {
        root.set("baseline", toJson(baseline));
      }
      JSON.writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void fill(ObjectNode o, EvaluationReport.Result r) {
    o.put("queries", r.queries());
    o.put("gallery", r.gallery());
    put(o, "top1", r.top(1));
    put(o, "top10", r.top(10));
    put(o, "top15", r.top(15));
    put(o, "top20", r.top(20));
    put(o, "top1_detected", r.topDetected(1));
    put(o, "top20_detected", r.topDetected(20));
    put(o, "ap50", r.ap50());
    put(o, "ap", r.ap());
  }

  private static void put(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
