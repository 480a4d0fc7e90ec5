package com.buythatlook.vision.onnx;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the default model folders, {@code infra/models/detector} and {@code infra/models/embedder}:
 * under the current directory first (running from a clone), then beside the running jar or any
 * folder above it (running {@code btl.jar} or {@code btl-index.jar} from elsewhere, or in the batch
 * container), so that the command works without flags in either case.
 */
public final class ModelFolders {
  /** The value of {@code --detector} / {@code --embedder} that names the default folder. */
  public static final String DEFAULT = "default";

  private ModelFolders() {}

  /**
   * @param kind {@code "detector"} or {@code "embedder"}, also the option's name
   * @param explicit the folder given on the command line, or {@code null}; {@code default} means
   *     the default folder, as for every other command's {@code --detector/--embedder}
   * @param jarDir the folder holding the running jar (or classes), or {@code null} if unknown
   * @throws IllegalArgumentException with one sentence when there is no such folder
   */
  public static Path resolve(String kind, Path explicit, Path cwd, Path jarDir) {
    if (explicit != null && explicit.toString().equals(DEFAULT)) {
      explicit = null;
    }
    if (explicit != null) {
      if (!Files.isDirectory(explicit)) {
        throw new IllegalArgumentException(
            "--"
                + kind
                + " "
                + explicit
                + " is not a folder; give a model"
                + " folder holding model.onnx and model.json");
      }
      return explicit;
    }
    for (Path p : candidates(kind, cwd, jarDir)) {
      if (Files.isRegularFile(p.resolve("model.json"))) {
        return p;
      }
    }
    Path relative = Path.of("infra", "models", kind);
    throw new IllegalArgumentException(
        "no "
            + kind
            + " model found (looked for "
            + relative
            + " in "
            + cwd.toAbsolutePath().normalize()
            + (jarDir == null
                ? ""
                : ", in " + jarDir.toAbsolutePath().normalize() + " and the folders above it")
            + "); train one with infra/training, which writes "
            + relative
            + ", or pass --"
            + kind
            + " DIR");
  }

  static List<Path> candidates(String kind, Path cwd, Path jarDir) {
    Set<Path> out = new LinkedHashSet<>();
    Path relative = Path.of("infra", "models", kind);
    out.add(cwd.toAbsolutePath().normalize().resolve(relative));
    for (Path p = jarDir == null ? null : jarDir.toAbsolutePath().normalize();
        p != null;
        p = p.getParent()) {
      out.add(p.resolve(relative));
    }
    return new ArrayList<>(out);
  }

  /**
   * The folder of the jar (or class folder) {@code anchor} was loaded from, or null: the calling
   * tool passes one of its own classes, so that a clone's {@code infra/cli/target/btl.jar} finds
   * the clone's models.
   */
  public static Path jarDir(Class<?> anchor) {
    try {
      CodeSource source = anchor.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path location = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(location) ? location.getParent() : location;
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null; // only used to find default folders; the error then lists what was tried
    }
  }
}
