package com.buythatlook.vision.onnx;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sets DJL's process-wide switches before its engine first starts: offline (models come from our
 * folders, nothing may be downloaded at run time) and where its caches go. System properties
 * already set by the operator are left alone.
 */
final class DjlEnvironment {

  private DjlEnvironment() {}

  /**
   * Starts DJL's ONNX Runtime engine if it has not started yet. It must be the first to touch ONNX
   * Runtime: it creates the process-wide {@code OrtEnvironment} with its own threading options and
   * fails if anyone else (such as {@link OnnxSignature}) created one before.
   */
  static synchronized void startEngine() {
    prepare(RuntimeOptions.DEFAULT);
    Engine.getEngine("OnnxRuntime");
  }

  static synchronized void prepare(RuntimeOptions options) {
    setIfAbsent("ai.djl.offline", "true");
    Path cache = options.cacheDir();
    if (cache != null) {
      try {
        Files.createDirectories(cache);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the DJL cache folder " + cache, e);
      }
      setIfAbsent("DJL_CACHE_DIR", cache.toString());
      setIfAbsent("ENGINE_CACHE_DIR", cache.toString());
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }
}
