package com.buythatlook.vision.onnx;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How the inference engine runs, shared by detectors and embedders.
 *
 * @param cacheDir where DJL may write its cache ({@code DJL_CACHE_DIR}, {@code ENGINE_CACHE_DIR});
 *     {@code null} keeps DJL's default (~/.djl.ai). On Lambda only {@code /tmp} is writable, so the
 *     functions pass {@code /tmp/djl}. First one set in a JVM wins.
 * @param threads ONNX Runtime intra-op threads per session; 0 keeps its default (one per core)
 * @param device where inference runs; see {@link Device}
 */
public record RuntimeOptions(Path cacheDir, int threads, Device device) {

  /**
   * The one switch between CPU and GPU inference ({@code BTL_DEVICE}). {@code AUTO} uses ONNX
   * Runtime's CUDA provider when the runtime on the classpath has it (the {@code onnxruntime_gpu}
   * build, see the {@code gpu} Maven profile) and a CUDA device is present, and the CPU otherwise;
   * {@code GPU} insists and fails clearly when it cannot.
   */
  public enum Device {
    AUTO,
    CPU,
    GPU;

    public static Device parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("device must be auto, cpu or gpu, got '" + s + "'");
      }
    }
  }

  public static final RuntimeOptions DEFAULT = new RuntimeOptions(null, 0, Device.AUTO);

  public RuntimeOptions {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 (engine default) or more");
    }
    if (device == null) {
      device = Device.AUTO;
    }
  }

  /** Defaults, with the device taken from {@code BTL_DEVICE} when it is set. */
  public static RuntimeOptions fromEnvironment() {
    String d = System.getenv("BTL_DEVICE");
    return d == null || d.isBlank() ? DEFAULT : DEFAULT.withDevice(Device.parse(d));
  }

  public RuntimeOptions withCacheDir(Path dir) {
    return new RuntimeOptions(dir, threads, device);
  }

  public RuntimeOptions withThreads(int n) {
    return new RuntimeOptions(cacheDir, n, device);
  }

  public RuntimeOptions withDevice(Device d) {
    return new RuntimeOptions(cacheDir, threads, d);
  }
}
