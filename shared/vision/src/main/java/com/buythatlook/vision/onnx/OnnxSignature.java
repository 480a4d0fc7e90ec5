package com.buythatlook.vision.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The input and output shapes an ONNX file declares; {@code -1} marks a dynamic (symbolic)
 * dimension. Read through ONNX Runtime's session metadata because DJL's ONNX Runtime block does not
 * expose shapes ({@code describeInput()} returns names only).
 */
public record OnnxSignature(
    Map<String, long[]> inputs, Map<String, long[]> outputs, Map<String, String> inputTypes) {

  public OnnxSignature {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    inputTypes = Collections.unmodifiableMap(new LinkedHashMap<>(inputTypes));
  }

  /** Without element types (all taken as float32). */
  public OnnxSignature(Map<String, long[]> inputs, Map<String, long[]> outputs) {
    this(inputs, outputs, Map.of());
  }

  /**
   * The ONNX element type of input {@code name} in lower case ({@code "float"}, {@code "float16"},
   * {@code "uint8"}, …), or {@code "float"} when unknown.
   */
  public String inputType(String name) {
    return inputTypes.getOrDefault(name, "float");
  }

  /**
   * Opens the file in a throw-away session with graph optimisation off (only the metadata is
   * wanted; for our model sizes this costs a few milliseconds to a few hundred).
   *
   * @throws InvalidModelException when ONNX Runtime cannot parse the file
   */
  public static OnnxSignature read(Path onnx) {
    DjlEnvironment.startEngine();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(onnx.toString(), options)) {
        return new OnnxSignature(
            shapes(session.getInputInfo()),
            shapes(session.getOutputInfo()),
            types(session.getInputInfo()));
      }
    } catch (OrtException e) {
      throw new InvalidModelException(
          onnx + " is not an ONNX model that ONNX Runtime can load: " + e.getMessage(), e);
    }
  }

  private static Map<String, long[]> shapes(Map<String, NodeInfo> nodes) {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, NodeInfo> e : nodes.entrySet()) {
      if (e.getValue().getInfo() instanceof TensorInfo t) {
        out.put(e.getKey(), t.getShape());
      } else {
        out.put(e.getKey(), null); // a sequence or map: no fixed shape to check
      }
    }
    return out;
  }

  private static Map<String, String> types(Map<String, NodeInfo> nodes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, NodeInfo> e : nodes.entrySet()) {
      if (e.getValue().getInfo() instanceof TensorInfo t) {
        String onnx = t.onnxType.name(); // e.g. ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16
        out.put(
            e.getKey(),
            onnx.substring(onnx.lastIndexOf('_') + 1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return out;
  }

  static String format(long[] shape) {
    if (shape == null) {
      return "(not a tensor)";
    }
    return Arrays.toString(
        Arrays.stream(shape).mapToObj(d -> d < 0 ? "?" : Long.toString(d)).toArray());
  }
}
