package com.buythatlook.cli.models;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.core.embed.ColourHistogramEmbedder;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.vision.detect.DetectorOptions;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.embed.EmbedderOptions;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.onnx.InvalidModelException;
import com.buythatlook.vision.onnx.ModelFolders;
import com.buythatlook.vision.onnx.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns {@code --detector} / {@code --embedder} values into models. Built-in names: {@value
 * #GROUND_TRUTH} (the data set's own boxes), {@value #HISTOGRAM} (the colour-histogram baseline)
 * and {@value #DEFAULT} (the default ONNX models in {@code infra/models}, found by {@link
 * ModelFolders}); any other value is a model folder ({@code model.onnx} + {@code model.json}). ONNX
 * models are {@link AutoCloseable}: callers close what they get through {@link #close}.
 */
public final class Models {
  public static final String GROUND_TRUTH = "gt";
  public static final String HISTOGRAM = "histogram";
  public static final String DEFAULT = ModelFolders.DEFAULT;

  private Models() {}

  /**
   * The detector {@code spec} names: {@value #DEFAULT} or a model folder. {@value #GROUND_TRUTH} is
   * not a model but the data set's own boxes; {@code btl eval} builds that one itself.
   */
  public static Detector detector(String spec) {
    Path dir = folder("detector", spec);
    try {
      return OnnxDetector.open(dir, DetectorOptions.DEFAULT.withRuntime(runtime()));
    } catch (InvalidModelException e) {
      throw new UserError("--detector " + dir + ": " + e.getMessage());
    }
  }

  public static Embedder embedder(String spec) {
    if (HISTOGRAM.equals(spec)) {
      return new ColourHistogramEmbedder();
    }
    Path dir = folder("embedder", spec);
    try {
      return OnnxEmbedder.open(dir, EmbedderOptions.DEFAULT.withRuntime(runtime()));
    } catch (InvalidModelException e) {
      throw new UserError("--embedder " + dir + ": " + e.getMessage());
    }
  }

  /** CPU or GPU from {@code BTL_DEVICE} (auto, cpu, gpu; default auto). */
  private static RuntimeOptions runtime() {
    try {
      return RuntimeOptions.fromEnvironment();
    } catch (IllegalArgumentException e) {
      throw new UserError("BTL_DEVICE: " + e.getMessage());
    }
  }

  /** Closes a model that holds native resources; a no-op for the built-in ones. */
  public static void close(Object model) {
    if (model instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // closing at exit; nothing useful to do with a failure here
      }
    }
  }

  private static Path folder(String kind, String spec) {
    if (DEFAULT.equals(spec)) {
      try {
        return ModelFolders.resolve(kind, null, Path.of(""), ModelFolders.jarDir(Models.class));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    Path p = Path.of(spec);
    if (!Files.isDirectory(p)) {
      throw new UserError(
          "--"
              + kind
              + " '"
              + spec
              + "' is neither a built-in name ("
              + ("detector".equals(kind) ? GROUND_TRUTH : HISTOGRAM)
              + ", "
              + DEFAULT
              + ") nor a model folder");
    }
    if (!Files.isRegularFile(p.resolve("model.json"))) {
      throw new UserError(
          "--" + kind + " " + spec + " is not a model folder: it has no model.json");
    }
    return p;
  }
}
