package com.buythatlook.core.model;

import com.buythatlook.core.image.RgbImage;
import java.util.List;

/**
 * Maps image crops to L2-normalised vectors whose dot product is their cosine similarity.
 * Implementations must be safe to call from several threads.
 */
public interface Embedder {

  /** One row per crop, each of length {@link #dimension()}, unit L2 norm (or all zeros). */
  float[][] embed(List<RgbImage> crops);

  int dimension();

  /** A short name for reports, e.g. {@code "colour-histogram"}. */
  String name();

  /**
   * The sha256 of the model file, or {@code ""} for a built-in embedder with none. With {@link
   * #name()} it tells two embedders of the same dimension apart: vectors of one are meaningless
   * beside vectors of the other.
   */
  default String modelSha256() {
    return "";
  }
}
