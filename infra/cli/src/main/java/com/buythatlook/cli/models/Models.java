package com.buythatlook.cli.models;

import com.buythatlook.batch.EmbedderChoice;
import com.buythatlook.cli.console.UserError;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.vision.detect.DetectorOptions;
import com.buythatlook.vision.detect.OnnxDetector;
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
  public static final String HISTOGRAM = EmbedderChoice.HISTOGRAM;
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

  /** The embedder {@code spec} names, opened as the batch job opens it ({@link EmbedderChoice}). */
  public static Embedder embedder(String spec) {
    // the default folder is found beside btl's own jar, as for the detector
    String named = DEFAULT.equals(spec) ? folder("embedder", spec).toString() : spec;
    try {
      return EmbedderChoice.open(named);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
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
              + GROUND_TRUTH
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
