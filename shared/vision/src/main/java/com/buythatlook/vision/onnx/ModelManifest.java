package com.buythatlook.vision.onnx;

import com.buythatlook.core.catalog.Category;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code model.json} and the folder it came from. Read with {@link #read(Path)}; every
 * field has been checked against the contract in {@code infra/models/README.md}.
 *
 * @param classes detection: class index → detector class name; empty for embedders
 * @param categoryMap detection: detector class → catalog category; classes absent are dropped
 * @param dimension embedding: D of the {@code [N, D]} output; 0 for detectors
 * @param nmsIou detection: the IoU above which NMS suppresses a box of the same catalog category,
 *     or {@code null} for the runner's default
 * @param minScore detection: the model's serving threshold, or {@code null} for the global default
 *     ({@code MIN_SCORE}, 0.75)
 */
public record ModelManifest(
    Path folder,
    int schema,
    String name,
    String version,
    Task task,
    String file,
    String sha256,
    ModelInput input,
    ModelOutput output,
    List<String> classes,
    Map<String, Category> categoryMap,
    int dimension,
    Double nmsIou,
    Double minScore) {

  /** The manifest file name inside a model folder. */
  public static final String FILE_NAME = "model.json";

  public ModelManifest {
    classes = List.copyOf(classes);
    categoryMap = Map.copyOf(categoryMap);
  }

  /**
   * Reads and validates {@code dir/model.json}; does not touch {@code model.onnx}.
   *
   * @throws InvalidModelException naming the missing or invalid key and what was expected
   */
  public static ModelManifest read(Path dir) {
    return ManifestReader.read(dir);
  }

  public Path modelFile() {
    return folder.resolve(file);
  }

  /** The catalog category of detector class {@code index}, or {@code null} when unmapped. */
  public Category categoryOf(int classIndex) {
    if (classIndex < 0 || classIndex >= classes.size()) {
      return null;
    }
    return categoryMap.get(classes.get(classIndex));
  }

  /** {@code name@version}, for logs, reports and index manifests. */
  public String displayName() {
    return name + "@" + version;
  }
}
