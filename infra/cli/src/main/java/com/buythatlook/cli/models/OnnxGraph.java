package com.buythatlook.cli.models;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.buythatlook.cli.console.UserError;
import com.buythatlook.vision.onnx.InvalidModelException;
import com.buythatlook.vision.onnx.OnnxSignature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an ONNX file says about itself: its input and output shapes and element types (through ONNX
 * Runtime's session metadata) and its {@code metadata_props}, where Ultralytics exports put {@code
 * names}, {@code imgsz}, {@code task} and {@code stride}.
 */
record OnnxGraph(OnnxSignature signature, Map<String, String> metadata) {

  static OnnxGraph read(Path onnx) {
    OnnxSignature signature;
    try {
      signature = OnnxSignature.read(onnx); // also starts the engine, which must come first
    } catch (InvalidModelException e) {
      throw new UserError(e.getMessage().lines().findFirst().orElse(e.getMessage()));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(onnx.toString(), options)) {
        metadata.putAll(session.getMetadata().getCustomMetadata());
      }
    } catch (OrtException e) {
      throw new UserError(
          onnx + " is not an ONNX model that ONNX Runtime can load: " + e.getMessage());
    }
    return new OnnxGraph(signature, metadata);
  }

  private static final Pattern NAME =
      Pattern.compile("(\\d+)\\s*:\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\")");
  private static final Pattern INTS = Pattern.compile("\\d+");

  /**
   * Ultralytics' {@code names}, a Python dict such as {@code {0: 'person', 1: 'bag'}}, as a map
   * from class index to name; empty when absent or unreadable.
   */
  static Map<Integer, String> names(String value) {
    Map<Integer, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    Matcher m = NAME.matcher(value);
    while (m.find()) {
      String name = m.group(2) != null ? m.group(2) : m.group(3);
      out.put(Integer.parseInt(m.group(1)), name.replace("\\'", "'").replace("\\\"", "\""));
    }
    return out;
  }

  /** Ultralytics' {@code imgsz}, {@code [640, 640]} (height, width), or null. */
  static int[] imgsz(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = INTS.matcher(value);
    int[] hw = new int[2];
    int n = 0;
    while (m.find() && n < 2) {
      hw[n++] = Integer.parseInt(m.group());
    }
    if (n == 1) {
      hw[1] = hw[0];
    }
    return n == 0 || hw[0] <= 0 || hw[1] <= 0 ? null : hw;
  }
}
