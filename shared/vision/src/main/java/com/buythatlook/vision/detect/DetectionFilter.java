package com.buythatlook.vision.detect;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.inference.Detection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The seed's three rules for which detections become look items, each switchable: score at least
 * {@code minScore}; only categories the index has products for (a top with no tops in the catalog
 * has nothing to match); the best-scoring instance of each category only.
 *
 * @param minScore 0 switches the rule off
 * @param categories the categories kept; all of them switches the rule off
 * @param bestPerCategory keep one item per category, the highest-scoring
 */
public record DetectionFilter(double minScore, Set<Category> categories, boolean bestPerCategory) {

  /** The seed's threshold. */
  public static final double MIN_SCORE = 0.75;

  /** Keeps everything. */
  public static final DetectionFilter NONE =
      new DetectionFilter(0, EnumSet.allOf(Category.class), false);

  public DetectionFilter {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
    }
    categories =
        Collections.unmodifiableSet(
            categories.isEmpty() ? EnumSet.noneOf(Category.class) : EnumSet.copyOf(categories));
  }

  /** All three rules as the seed has them, for an index holding {@code indexed}. */
  public static DetectionFilter seed(Set<Category> indexed) {
    return new DetectionFilter(MIN_SCORE, indexed, true);
  }

  public DetectionFilter withMinScore(double v) {
    return new DetectionFilter(v, categories, bestPerCategory);
  }

  public DetectionFilter withCategories(Set<Category> v) {
    return new DetectionFilter(minScore, v, bestPerCategory);
  }

  public DetectionFilter withBestPerCategory(boolean v) {
    return new DetectionFilter(minScore, categories, v);
  }

  /** The kept detections, highest score first. */
  public List<Detection> apply(List<Detection> detections) {
    return apply(detections, Function.identity());
  }

  /** As {@link #apply(List)} for anything that carries a detection. */
  public <T> List<T> apply(List<T> items, Function<T, Detection> detectionOf) {
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(
        Comparator.comparingDouble((T t) -> detectionOf.apply(t).score())
            .reversed()
            .thenComparing(t -> detectionOf.apply(t).category()));
    Map<Category, T> best = new EnumMap<>(Category.class);
    List<T> kept = new ArrayList<>();
    for (T item : sorted) {
      Detection d = detectionOf.apply(item);
      if (d.score() < minScore || !categories.contains(d.category())) {
        continue;
      }
      if (bestPerCategory) {
        if (best.putIfAbsent(d.category(), item) != null) {
          continue;
        }
      }
      kept.add(item);
    }
    return kept;
  }
}
