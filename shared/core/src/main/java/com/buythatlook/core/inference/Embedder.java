package com.buythatlook.core.inference;

import com.buythatlook.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps image crops to L2-normalised vectors whose dot product is their cosine similarity.
 * Implementations must be safe to call from several threads.
 *
 * <p>Embedding is two steps, so that a caller with a pool of workers (the catalog batch job) can
 * keep one thread for the model: {@link #prepare} turns one decoded crop into the model's input
 * (resizing, normalising: CPU work, run in parallel on many threads), and {@link #embedPrepared}
 * turns a batch of prepared inputs into vectors. {@link #embed} does both for callers that do not
 * care where the work runs.
 */
public interface Embedder {

  /** One row per crop, each of length {@link #dimension()}, unit L2 norm (or all zeros). */
  default float[][] embed(List<RgbImage> crops) {
    List<float[]> prepared = new ArrayList<>(crops.size());
    for (RgbImage crop : crops) {
      prepared.add(prepare(crop));
    }
    return embedPrepared(prepared);
  }

  /**
   * The model's input for one crop (for an ONNX model its {@code 3 × H × W} floats), for {@link
   * #embedPrepared}. Thread-safe and free of model calls, so it can run on many workers at once.
   */
  float[] prepare(RgbImage crop);

  /**
   * The same rows {@link #embed} gives for the crops that {@code prepared} came from (each from
   * {@link #prepare} of this embedder), in order. The arrays in {@code prepared} belong to the
   * embedder from then on: it may return them, changed, as rows.
   */
  float[][] embedPrepared(List<float[]> prepared);

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
