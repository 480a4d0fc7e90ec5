package com.buythatlook.cli.eval;

import com.buythatlook.core.catalog.Category;
import java.util.Locale;
import java.util.Map;

/** The report as a fixed-width text table: one row per category, then the overall row. */
final class ReportTable {
  private static final String ROW = "%-10s %8s %8s %6s %6s %6s %6s %8s %9s %6s %6s%n";

  private ReportTable() {}

  static String format(EvaluationReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "btl eval · %s split of %s · detector %s · embedder %s%n",
            report.split(),
            report.data(),
            report.detector(),
            report.embedder()));
    String header =
        String.format(
            Locale.ROOT,
            ROW,
            "category",
            "queries",
            "gallery",
            "top1",
            "top10",
            "top15",
            "top20",
            "top1_det",
            "top20_det",
            "AP50",
            "AP");
    sb.append(header);
    for (Map.Entry<Category, EvaluationReport.Result> e : report.categories().entrySet()) {
      sb.append(row(e.getKey().wireName(), e.getValue(), report.notCovered().contains(e.getKey())));
    }
    sb.append("-".repeat(header.strip().length())).append(System.lineSeparator());
    sb.append(row("overall", report.overall(), false));
    sb.append(
        String.format(
            Locale.ROOT,
            "topK: share of street items whose product is among the K most similar shop photos"
                + " of its category%n"
                + "(ground-truth boxes; _det: detected boxes). Overall topK pools all items;"
                + " overall AP is the mean over%n"
                + "categories. The seed's metric is top15.%n"));
    if (!report.notCovered().isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "n/c: not covered, the detector can never report %s (not in its category map); their"
                  + " AP is left out of the overall AP.%n",
              report.notCovered().stream()
                  .map(Category::wireName)
                  .collect(java.util.stream.Collectors.joining(", "))));
    }
    return sb.toString();
  }

  private static String row(String name, EvaluationReport.Result r, boolean notCovered) {
    return String.format(
        Locale.ROOT,
        ROW,
        name,
        r.queries(),
        r.gallery(),
        num(r.top(1)),
        num(r.top(10)),
        num(r.top(15)),
        num(r.top(20)),
        num(r.topDetected(1)),
        num(r.topDetected(20)),
        notCovered ? "n/c" : num(r.ap50()),
        notCovered ? "n/c" : num(r.ap()));
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
