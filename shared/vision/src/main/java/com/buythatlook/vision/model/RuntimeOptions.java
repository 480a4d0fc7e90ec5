package com.buythatlook.vision.model;

import java.nio.file.Path;

/**
 * How the inference engine runs, shared by detectors and embedders.
 *
 * @param cacheDir where DJL may write its cache ({@code DJL_CACHE_DIR}, {@code
 *     ENGINE_CACHE_DIR}); {@code null} keeps DJL's default (~/.djl.ai). On Lambda only {@code
 *     /tmp} is writable, so the functions pass {@code /tmp/djl}. First one set in a JVM wins.
 * @param threads ONNX Runtime intra-op threads per session; 0 keeps its default (one per core)
 */
public record RuntimeOptions(Path cacheDir, int threads) {

  public static final RuntimeOptions DEFAULT = new RuntimeOptions(null, 0);

  public RuntimeOptions {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 (engine default) or more");
    }
  }

  public RuntimeOptions withCacheDir(Path dir) {
    return new RuntimeOptions(dir, threads);
  }

  public RuntimeOptions withThreads(int n) {
    return new RuntimeOptions(cacheDir, n);
  }
}
