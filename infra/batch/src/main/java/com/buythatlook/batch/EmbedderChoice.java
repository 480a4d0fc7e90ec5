package com.buythatlook.batch;

import com.buythatlook.core.embed.ColourHistogramEmbedder;
import com.buythatlook.core.model.Embedder;
import com.buythatlook.vision.embed.EmbedderOptions;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.model.InvalidModelException;
import com.buythatlook.vision.model.RuntimeOptions;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The job's {@code --embedder}: {@value #HISTOGRAM} (the colour-histogram baseline), {@value
 * #DEFAULT} (the model in {@code infra/models/embedder}: under the current directory, or beside
 * the running jar or any folder above it, so the container and a clone both find it) or a model
 * folder ({@code model.onnx} + {@code model.json}). CPU or GPU comes from {@code BTL_DEVICE}.
 */
public final class EmbedderChoice {
  public static final String HISTOGRAM = "histogram";
  public static final String DEFAULT = "default";

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
    Path dir = DEFAULT.equals(spec) ? defaultFolder(Path.of(""), jarDir()) : folder(spec);
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
      throw new IllegalArgumentException("--embedder '" + spec + "' is neither a built-in name ("
          + HISTOGRAM + ", " + DEFAULT + ") nor a model folder");
    }
    if (!Files.isRegularFile(p.resolve("model.json"))) {
      throw new IllegalArgumentException(
          "--embedder " + spec + " is not a model folder: it has no model.json");
    }
    return p;
  }

  /** {@code infra/models/embedder} under {@code cwd}, else beside {@code jarDir} or above it. */
  static Path defaultFolder(Path cwd, Path jarDir) {
    Path relative = Path.of("infra", "models", "embedder");
    Set<Path> candidates = new LinkedHashSet<>();
    candidates.add(cwd.toAbsolutePath().normalize().resolve(relative));
    for (Path p = jarDir == null ? null : jarDir.toAbsolutePath().normalize(); p != null;
        p = p.getParent()) {
      candidates.add(p.resolve(relative));
    }
    for (Path p : candidates) {
      if (Files.isRegularFile(p.resolve("model.json"))) {
        return p;
      }
    }
    throw new IllegalArgumentException("no embedder model found (looked for " + relative + " in "
        + cwd.toAbsolutePath().normalize()
        + (jarDir == null ? "" : ", in " + jarDir.toAbsolutePath().normalize()
            + " and the folders above it")
        + "); train one with infra/training, which writes " + relative + ", or pass --embedder"
        + " DIR");
  }

  /** The folder of the jar (or class folder) this class was loaded from, or null. */
  private static Path jarDir() {
    try {
      CodeSource source = EmbedderChoice.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path location = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(location) ? location.getParent() : location;
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null; // only used to find the default folder; the error then lists what was tried
    }
  }
}
