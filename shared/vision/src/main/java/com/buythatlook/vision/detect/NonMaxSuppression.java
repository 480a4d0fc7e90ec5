package com.buythatlook.vision.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy class-wise non-maximum suppression: within each class, a box is dropped when it overlaps a
 * higher-scoring kept box by more than the IoU threshold. Boxes of different classes never suppress
 * each other (a skirt under a top is two items).
 */
public final class NonMaxSuppression {

  private NonMaxSuppression() {}

  /**
   * @param candidates in any order
   * @param iouThreshold suppress when IoU is strictly above this (torchvision's rule)
   * @param maxKept stop after this many kept boxes
   * @return kept boxes, highest score first
   */
  public static List<Candidate> classWise(
      List<Candidate> candidates, double iouThreshold, int maxKept) {
    return grouped(candidates, iouThreshold, maxKept, Candidate::classIndex);
  }

  /**
   * As {@link #classWise}, with boxes suppressing each other within each {@code group}: a
   * detector's classes mapped to one catalog category (DeepFashion2's four dresses) are one group,
   * or two boxes on one dress would both be kept.
   */
  public static List<Candidate> grouped(
      List<Candidate> candidates,
      double iouThreshold,
      int maxKept,
      java.util.function.ToIntFunction<Candidate> group) {
    List<Candidate> sorted = new ArrayList<>(candidates);
    sorted.sort(
        Comparator.comparingDouble(Candidate::score)
            .reversed()
            .thenComparingInt(Candidate::source));
    Map<Integer, List<Candidate>> keptByClass = new HashMap<>();
    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : sorted) {
      if (kept.size() >= maxKept) {
        break;
      }
      List<Candidate> same =
          keptByClass.computeIfAbsent(group.applyAsInt(c), k -> new ArrayList<>());
      boolean suppressed = false;
      for (Candidate k : same) {
        if (k.iou(c) > iouThreshold) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        same.add(c);
        kept.add(c);
      }
    }
    return kept;
  }
}
