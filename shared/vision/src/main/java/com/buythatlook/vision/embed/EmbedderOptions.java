package com.buythatlook.vision.embed;

import com.buythatlook.vision.onnx.RuntimeOptions;

/**
 * @param maxBatch most crops per inference call; larger lists are split, bounding the input
 *     tensor's memory (64 crops at 224 px is 38 MB of floats)
 */
public record EmbedderOptions(int maxBatch, RuntimeOptions runtime) {

  public static final EmbedderOptions DEFAULT = new EmbedderOptions(64, RuntimeOptions.DEFAULT);

  public EmbedderOptions {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
    }
    if (runtime == null) {
      throw new IllegalArgumentException("runtime options are required");
    }
  }

  public EmbedderOptions withMaxBatch(int v) {
    return new EmbedderOptions(v, runtime);
  }

  public EmbedderOptions withRuntime(RuntimeOptions v) {
    return new EmbedderOptions(maxBatch, v);
  }
}
