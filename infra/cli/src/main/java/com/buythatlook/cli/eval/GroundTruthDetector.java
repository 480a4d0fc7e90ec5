package com.buythatlook.cli.eval;

import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A "detector" that returns a photo's annotated items, each with score 1.0: the upper bound that
 * separates retrieval quality from detection quality (its AP is 1.0 by construction, and its
 * retrieval figures with detected boxes equal those with ground-truth boxes). It ignores the pixels
 * and looks the photo up by id.
 */
public final class GroundTruthDetector implements DatasetDetector {
  private final Map<Long, List<Detection>> byPhoto = new HashMap<>();

  /**
   * @param items the annotations to return, e.g. every street item of the split evaluated
   */
  public GroundTruthDetector(Iterable<StreetItem> items) {
    for (StreetItem item : items) {
      byPhoto
          .computeIfAbsent(item.photoId(), k -> new ArrayList<>())
          .add(new Detection(item.category(), 1.0, item.bbox()));
    }
  }

  /** The photo's annotated items; none for an id without annotations. */
  @Override
  public List<Detection> detect(long photoId, RgbImage image) {
    return List.copyOf(byPhoto.getOrDefault(photoId, List.of()));
  }

  @Override
  public String name() {
    return "ground-truth";
  }
}
