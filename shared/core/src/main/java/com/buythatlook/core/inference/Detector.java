package com.buythatlook.core.inference;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.image.RgbImage;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Finds fashion items in a photo, from its pixels alone. Implementations: the ONNX detector runner
 * of {@code shared/vision}, and the ground-truth "detector" of {@code btl eval}, which looks a data
 * set's photos up by id through an interface of its own.
 */
public interface Detector {

  /**
   * @return every detection, unfiltered, in no particular order
   */
  List<Detection> detect(RgbImage image);

  /** A short name for reports, e.g. {@code "ground-truth"}. */
  String name();

  /**
   * The catalog categories this detector can ever report (an ONNX detector: the values of its
   * manifest's category map); every category unless it says otherwise. Evaluation leaves the others
   * out of its mean AP rather than count them as 0.
   */
  default Set<Category> categories() {
    return EnumSet.allOf(Category.class);
  }

  /**
   * The model's own serving threshold (an ONNX detector's manifest {@code minScore}), used where no
   * threshold is set explicitly ({@code MIN_SCORE}, {@code --min-score}); empty for the global
   * default, 0.75.
   */
  default OptionalDouble minScore() {
    return OptionalDouble.empty();
  }
}
