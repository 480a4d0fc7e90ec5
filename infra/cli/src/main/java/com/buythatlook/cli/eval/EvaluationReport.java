package com.buythatlook.cli.eval;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.eval.HitRateCurve;
import java.util.Map;
import java.util.Set;

/**
 * What one {@link Evaluation} found.
 *
 * @param data the data set folder
 * @param split the split evaluated, e.g. {@code "test"}
 * @param detector the detector's {@link com.buythatlook.core.inference.Detector#name()}
 * @param embedder the embedder's {@link com.buythatlook.core.inference.Embedder#name()}
 * @param categories one result per category that has street items in the split, in {@link Category}
 *     order
 * @param overall retrieval over all queries pooled (micro average); AP as the mean over the
 *     categories the detector covers
 * @param notCovered categories with street items that the detector can never report (not in its
 *     category map): their AP is NaN and they are left out of the overall AP
 * @param seconds wall time of the run
 */
public record EvaluationReport(
    String data,
    String split,
    String detector,
    String embedder,
    Map<Category, Result> categories,
    Result overall,
    Set<Category> notCovered,
    double seconds) {

  /** The retrieval cut-offs reported in tables and JSON. */
  public static final int[] REPORTED_K = {1, 10, 15, 20};

  /**
   * @param queries street items evaluated
   * @param gallery shop photos ranked against them
   * @param groundTruthBoxes hit rate at k with queries cropped by their annotated box
   * @param detectedBoxes hit rate at k with queries cropped by the matching detection (a miss when
   *     there is none)
   * @param ap50 detection AP at IoU 0.5; NaN when there is nothing to measure
   * @param ap detection AP over IoU 0.50:0.05:0.95
   */
  public record Result(
      long queries,
      long gallery,
      HitRateCurve groundTruthBoxes,
      HitRateCurve detectedBoxes,
      double ap50,
      double ap) {

    /** Top-k accuracy with ground-truth boxes. */
    public double top(int k) {
      return groundTruthBoxes.hitRate(k);
    }

    /** Top-k accuracy with detected boxes. */
    public double topDetected(int k) {
      return detectedBoxes.hitRate(k);
    }
  }
}
