package com.buythatlook.cli.eval;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.core.inference.Detector;
import java.util.List;

/**
 * A detector that needs to know which data-set photo it looks at, such as the ground truth, which
 * returns the photo's annotations. Only the evaluation asks it that way ({@link Evaluation}); the
 * production {@link Detector} interface sees pixels alone, and the services refuse such a detector
 * ({@code --detector gt} is for {@code btl eval} only).
 */
public interface DatasetDetector extends Detector {

  /**
   * @param photoId the data set's id of the photo
   * @return every detection, unfiltered, in no particular order
   */
  List<Detection> detect(long photoId, RgbImage image);

  /** Refused: without the photo's id there is nothing to look up. */
  @Override
  default List<Detection> detect(RgbImage image) {
    throw new UnsupportedOperationException(
        "the " + name() + " detector looks photos up by their data-set id; only btl eval runs it");
  }
}
