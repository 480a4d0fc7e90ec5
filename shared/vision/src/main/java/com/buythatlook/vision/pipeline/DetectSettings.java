package com.buythatlook.vision.pipeline;

import com.buythatlook.core.config.Env;
import com.buythatlook.vision.detect.DetectionFilter;
import java.time.Duration;

/**
 * The detect step's knobs (docs/architecture.md). The filter's category set is replaced at run time
 * by the categories the live index has, when {@code indexedCategoriesOnly} is set.
 *
 * @param maxUploadBytes uploads larger than this end FAILED without being downloaded
 * @param maxPixels decoded photos larger than this end FAILED (checked from the header)
 * @param minScore detections below this score are dropped (the seed's 0.75)
 * @param minScoreSet whether {@code minScore} was set ({@code MIN_SCORE}); when not, a detector's
 *     own threshold (its manifest's {@code minScore}) applies, else {@code minScore}
 * @param bestPerCategory keep one item per category, the highest-scoring one (the seed's rule)
 * @param indexedCategoriesOnly drop detections of categories the index has no products for
 * @param lookTtl how long a look is kept (the Looks table's TTL)
 * @param cropQuality JPEG quality of stored crops
 */
public record DetectSettings(
    long maxUploadBytes,
    long maxPixels,
    double minScore,
    boolean bestPerCategory,
    boolean indexedCategoriesOnly,
    Duration lookTtl,
    int cropQuality,
    boolean minScoreSet) {

  public static final DetectSettings DEFAULT =
      new DetectSettings(
          10L * 1024 * 1024,
          40_000_000L,
          DetectionFilter.MIN_SCORE,
          true,
          true,
          Duration.ofDays(Env.DEFAULT_LOOK_TTL_DAYS),
          92,
          false);

  /** With {@code minScore} set explicitly: it applies whatever the detector's manifest says. */
  public DetectSettings(
      long maxUploadBytes,
      long maxPixels,
      double minScore,
      boolean bestPerCategory,
      boolean indexedCategoriesOnly,
      Duration lookTtl,
      int cropQuality) {
    this(
        maxUploadBytes,
        maxPixels,
        minScore,
        bestPerCategory,
        indexedCategoriesOnly,
        lookTtl,
        cropQuality,
        true);
  }

  /** The threshold for {@code detector}: explicit, else the detector's own, else the default. */
  public double minScoreFor(com.buythatlook.core.inference.Detector detector) {
    return minScoreSet ? minScore : detector.minScore().orElse(minScore);
  }

  public DetectSettings {
    if (maxUploadBytes <= 0 || maxPixels <= 0) {
      throw new IllegalArgumentException("upload limits must be positive");
    }
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("MIN_SCORE must be in [0, 1]: " + minScore);
    }
    if (cropQuality < 1 || cropQuality > 100) {
      throw new IllegalArgumentException("crop JPEG quality must be 1..100: " + cropQuality);
    }
    if (lookTtl.isNegative() || lookTtl.isZero()) {
      throw new IllegalArgumentException("look TTL must be positive");
    }
  }

  /**
   * Reads {@code MAX_UPLOAD_BYTES}, {@code MAX_PIXELS}, {@code MIN_SCORE}, {@code
   * BEST_PER_CATEGORY}, {@code INDEXED_CATEGORIES_ONLY} and {@code LOOK_TTL_DAYS} (1 to 36500,
   * {@link Env#lookTtlDays}); unset ones keep their defaults.
   */
  public static DetectSettings fromEnvironment(java.util.function.UnaryOperator<String> env) {
    DetectSettings d = DEFAULT;
    return new DetectSettings(
        Env.longValue(env, "MAX_UPLOAD_BYTES", d.maxUploadBytes),
        Env.longValue(env, "MAX_PIXELS", d.maxPixels),
        Env.doubleValue(env, "MIN_SCORE", d.minScore),
        Env.booleanValue(env, "BEST_PER_CATEGORY", d.bestPerCategory),
        Env.booleanValue(env, "INDEXED_CATEGORIES_ONLY", d.indexedCategoriesOnly),
        Duration.ofDays(Env.lookTtlDays(env)),
        d.cropQuality,
        env.apply("MIN_SCORE") != null && !env.apply("MIN_SCORE").isBlank());
  }
}
