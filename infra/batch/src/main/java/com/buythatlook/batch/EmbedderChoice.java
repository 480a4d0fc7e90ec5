package com.buythatlook.batch;

import com.buythatlook.core.embed.ColourHistogramEmbedder;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.vision.embed.EmbedderOptions;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.onnx.InvalidModelException;
import com.buythatlook.vision.onnx.ModelFolders;
import com.buythatlook.vision.onnx.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The job's {@code --embedder}: {@value #HISTOGRAM} (the colour-histogram baseline), {@value
 * #DEFAULT} (the model in {@code infra/models/embedder}, found by {@link ModelFolders}) or a model
 * folder ({@code model.onnx} + {@code model.json}). CPU or GPU comes from {@code BTL_DEVICE}.
 */
public final class EmbedderChoice {
  public static final String HISTOGRAM = "histogram";
  public static final String DEFAULT = ModelFolders.DEFAULT;

  private EmbedderChoice() {}

  /**
   * Opens the embedder {@code spec} names; close it with {@link #close}.
   *
   * @throws IllegalArgumentException with one sentence when it cannot
   */
  public static Embedder open(String spec) {
    if (HISTOGRAM.equals(spec)) {
      return new ColourHistogramEmbedder();
    }
    Path dir =
        DEFAULT.equals(spec)
            ? ModelFolders.resolve(
                "embedder", null, Path.of(""), ModelFolders.jarDir(EmbedderChoice.class))
            : folder(spec);
    RuntimeOptions runtime;
    try {
      runtime = RuntimeOptions.fromEnvironment();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("BTL_DEVICE: " + e.getMessage(), e);
    }
    try {
      return OnnxEmbedder.open(dir, EmbedderOptions.DEFAULT.withRuntime(runtime));
    } catch (InvalidModelException e) {
      throw new IllegalArgumentException("--embedder " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Closes an embedder that holds native resources; a no-op for the built-in one. */
  public static void close(Embedder embedder) {
    if (embedder instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // closing at exit; nothing useful to do with a failure here
      }
    }
  }

  private static Path folder(String spec) {
    Path p = Path.of(spec);
    if (!Files.isDirectory(p)) {
      throw new IllegalArgumentException(
          "--embedder '"
              + spec
              + "' is neither a built-in name ("
              + HISTOGRAM
              + ", "
              + DEFAULT
              + ") nor a model folder");
    }
    if (!Files.isRegularFile(p.resolve("model.json"))) {
      throw new IllegalArgumentException(
          "--embedder " + spec + " is not a model folder: it has no model.json");
    }
    return p;
  }
}
