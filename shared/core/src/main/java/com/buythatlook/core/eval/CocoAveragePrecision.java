package com.buythatlook.core.eval;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.inference.Detection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Detection average precision the way pycocotools ({@code COCOeval}, bbox, area "all") computes it,
 * so that our AP@0.5 and AP@[.5:.95] can be read against published figures:
 *
 * <ol>
 *   <li>per image and category, detections are sorted by descending score (stable) and the first
 *       {@code maxDetections} kept;
 *   <li>at each IoU threshold t in 0.50:0.05:0.95, each detection in that order is matched greedily
 *       to the not-yet-matched ground truth of the same image and category with the highest IoU, if
 *       that IoU is ≥ t: a true positive; otherwise a false positive (so a second detection of an
 *       already matched object is a false positive);
 *   <li>per category, all its detections over all images are sorted by descending score (stable),
 *       giving a precision/recall curve; precision is made monotone (each point takes the best
 *       precision at any higher recall) and read at the 101 recall points 0:0.01:1 (0 where the
 *       recall is never reached); their mean is the AP at t;
 *   <li>AP@[.5:.95] of a category is the mean over the ten thresholds; a category without ground
 *       truth has no AP (NaN) and is left out of the means over categories, whereas one with ground
 *       truth and no detections has AP 0.
 * </ol>
 *
 * <p>Differences from pycocotools, all immaterial here: no crowd or area-range handling (our data
 * has neither), and precision is {@code tp / (tp + fp)} without pycocotools' 2.2e-16 in the
 * denominator, so a perfect detector scores exactly 1.0.
 *
 * <p>Not thread-safe: add images from one thread, in a fixed order (ties in score are broken by
 * that order, as pycocotools breaks them by image id order).
 */
public final class CocoAveragePrecision {
  /** pycocotools' default for the "maxDets=100" figures it reports as AP. */
  public static final int DEFAULT_MAX_DETECTIONS = 100;

  private static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
  private static final double[] RECALL_POINTS = linspace(0.0, 1.0, 101);

  private final int maxDetections;
  private final Map<Category, List<Matched>> matched = new EnumMap<>(Category.class);
  private final Map<Category, Integer> groundTruths = new EnumMap<>(Category.class);

  public CocoAveragePrecision() {
    this(DEFAULT_MAX_DETECTIONS);
  }

  /**
   * @param maxDetections per image and category, as pycocotools' {@code maxDets}
   */
  public CocoAveragePrecision(int maxDetections) {
    if (maxDetections < 1) {
      throw new IllegalArgumentException("maxDetections must be at least 1, got " + maxDetections);
    }
    this.maxDetections = maxDetections;
  }

  /** The IoU thresholds 0.50, 0.55, …, 0.95 (as numpy.linspace computes them). */
  public static double[] iouThresholds() {
    return IOU_THRESHOLDS.clone();
  }

  /**
   * Adds one image: its annotated objects and what the detector found in it (any order, any
   * categories; detections of categories without ground truth anywhere do not affect any AP).
   */
  public void addImage(List<GroundTruth> groundTruth, List<Detection> detections) {
    Map<Category, List<GroundTruth>> gtByCategory = new EnumMap<>(Category.class);
    for (GroundTruth g : groundTruth) {
      gtByCategory.computeIfAbsent(g.category(), c -> new ArrayList<>()).add(g);
      groundTruths.merge(g.category(), 1, Integer::sum);
    }
    Map<Category, List<Detection>> dtByCategory = new EnumMap<>(Category.class);
    for (Detection d : detections) {
      dtByCategory.computeIfAbsent(d.category(), c -> new ArrayList<>()).add(d);
    }
    for (Map.Entry<Category, List<Detection>> e : dtByCategory.entrySet()) {
      List<GroundTruth> gts = gtByCategory.getOrDefault(e.getKey(), List.of());
      matched.computeIfAbsent(e.getKey(), c -> new ArrayList<>()).addAll(match(gts, e.getValue()));
    }
  }

  /** One category's detections of one image, matched at every IoU threshold. */
  private List<Matched> match(List<GroundTruth> gts, List<Detection> detections) {
    List<Detection> dts = new ArrayList<>(detections);
    dts.sort(Comparator.comparingDouble(Detection::score).reversed()); // List.sort is stable
    if (dts.size() > maxDetections) {
      dts = dts.subList(0, maxDetections);
    }
    double[][] iou = new double[dts.size()][gts.size()];
    for (int d = 0; d < dts.size(); d++) {
      for (int g = 0; g < gts.size(); g++) {
        iou[d][g] = dts.get(d).box().iou(gts.get(g).box());
      }
    }
    int[] tpMask = new int[dts.size()];
    for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
      boolean[] taken = new boolean[gts.size()];
      for (int d = 0; d < dts.size(); d++) {
        // pycocotools: start from the threshold (capped below 1 so IoU 1.0 can match at 1.0) and
        // keep the best IoU seen; ">=" so that a later ground truth with an equal IoU wins, as
        // its loop does.
        double best = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
        int m = -1;
        for (int g = 0; g < gts.size(); g++) {
          if (!taken[g] && iou[d][g] >= best) {
            best = iou[d][g];
            m = g;
          }
        }
        if (m >= 0) {
          taken[m] = true;
          tpMask[d] |= 1 << t;
        }
      }
    }
    List<Matched> out = new ArrayList<>(dts.size());
    for (int d = 0; d < dts.size(); d++) {
      out.add(new Matched(dts.get(d).score(), tpMask[d]));
    }
    return out;
  }

  /** AP of every category seen (with ground truth or detections) and the means over categories. */
  public Result result() {
    Map<Category, CategoryAp> perCategory = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      int nGt = groundTruths.getOrDefault(c, 0);
      List<Matched> dts = matched.getOrDefault(c, List.of());
      if (nGt == 0 && dts.isEmpty()) {
        continue;
      }
      double[] perThreshold = new double[IOU_THRESHOLDS.length];
      if (nGt == 0) {
        java.util.Arrays.fill(perThreshold, Double.NaN);
      } else {
        List<Matched> sorted = new ArrayList<>(dts);
        sorted.sort(Comparator.comparingDouble(Matched::score).reversed());
        for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
          perThreshold[t] = averagePrecision(sorted, t, nGt);
        }
      }
      perCategory.put(c, new CategoryAp(nGt, dts.size(), perThreshold));
    }
    double sum50 = 0;
    double sum = 0;
    int n = 0;
    for (CategoryAp ap : perCategory.values()) {
      if (ap.groundTruths() > 0) {
        sum50 += ap.ap50();
        sum += ap.ap();
        n++;
      }
    }
    return new Result(
        Collections.unmodifiableMap(perCategory),
        n == 0 ? Double.NaN : sum50 / n,
        n == 0 ? Double.NaN : sum / n);
  }

  /** 101-point interpolated AP of detections sorted by descending score, at threshold index t. */
  private static double averagePrecision(List<Matched> sorted, int t, int nGt) {
    int nd = sorted.size();
    double[] recall = new double[nd];
    double[] precision = new double[nd];
    int tp = 0;
    for (int i = 0; i < nd; i++) {
      if ((sorted.get(i).tpMask() & (1 << t)) != 0) {
        tp++;
      }
      recall[i] = (double) tp / nGt;
      precision[i] = (double) tp / (i + 1);
    }
    for (int i = nd - 1; i > 0; i--) {
      precision[i - 1] = Math.max(precision[i - 1], precision[i]);
    }
    double sum = 0;
    int i = 0;
    for (double r : RECALL_POINTS) {
      // numpy.searchsorted(recall, r, side='left'): the first point whose recall reaches r.
      while (i < nd && recall[i] < r) {
        i++;
      }
      if (i == nd) {
        break; // this and every higher recall point is never reached: precision 0
      }
      sum += precision[i];
    }
    return sum / RECALL_POINTS.length;
  }

  /** numpy.linspace(start, stop, num) bit for bit: {@code i * step + start}, the last one exact. */
  static double[] linspace(double start, double stop, int num) {
    double step = (stop - start) / (num - 1);
    double[] out = new double[num];
    for (int i = 0; i < num; i++) {
      out[i] = i * step + start;
    }
    out[num - 1] = stop;
    return out;
  }

  private record Matched(double score, int tpMask) {}

  /**
   * AP of one category.
   *
   * @param groundTruths annotated objects of the category over all images
   * @param detections its detections kept (after the per-image cap)
   * @param apPerThreshold AP at each of {@link #iouThresholds()}; NaN without ground truth
   */
  public record CategoryAp(int groundTruths, int detections, double[] apPerThreshold) {
    public CategoryAp {
      apPerThreshold = apPerThreshold.clone();
    }

    @Override
    public double[] apPerThreshold() {
      return apPerThreshold.clone();
    }

    /** AP at IoU 0.5 (PASCAL VOC's threshold, COCO's "AP50"). */
    public double ap50() {
      return apPerThreshold[0];
    }

    /** AP averaged over IoU 0.50:0.05:0.95 (COCO's primary "AP"). */
    public double ap() {
      double s = 0;
      for (double a : apPerThreshold) {
        s += a;
      }
      return s / apPerThreshold.length;
    }
  }

  /**
   * @param categories every category with ground truth or detections
   * @param meanAp50 mean AP50 over categories with ground truth; NaN when there are none
   * @param meanAp mean AP@[.5:.95] over the same categories
   */
  public record Result(Map<Category, CategoryAp> categories, double meanAp50, double meanAp) {}
}
