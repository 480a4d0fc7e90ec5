package com.buythatlook.vision.embed;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.vision.onnx.ModelManifest;
import com.buythatlook.vision.onnx.OnnxModel;
import com.buythatlook.vision.onnx.Preprocessor;
import com.buythatlook.vision.onnx.Task;
import com.buythatlook.vision.onnx.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs an embedding model folder ({@code [N, 3, H, W] → [N, D]}, e.g. our triplet network or a CLIP
 * image encoder with a manifest) on crops, in batches, and returns unit-length rows. Thread-safe;
 * close it once when done.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

  private final OnnxModel model;
  private final ModelManifest manifest;
  private final Preprocessor preprocessor;
  private final int batch;
  private final String output;

  private OnnxEmbedder(OnnxModel model, EmbedderOptions options) {
    this.model = model;
    this.manifest = model.manifest();
    this.preprocessor = new Preprocessor(manifest.input());
    this.batch = Math.min(options.maxBatch(), model.maxBatch());
    this.output = manifest.output().names().get(0);
  }

  /** Opens with {@link EmbedderOptions#DEFAULT}. */
  public static OnnxEmbedder open(Path dir) {
    return open(dir, EmbedderOptions.DEFAULT);
  }

  /**
   * Reads, verifies and loads the model folder {@code dir}.
   *
   * @throws com.buythatlook.vision.onnx.InvalidModelException when the folder is missing, its
   *     manifest invalid, or the ONNX file does not match it
   */
  public static OnnxEmbedder open(Path dir, EmbedderOptions options) {
    return new OnnxEmbedder(OnnxModel.open(dir, Task.EMBEDDING, options.runtime()), options);
  }

  /**
   * One unit-length row per crop, in order. Rows are re-normalised even when the manifest says the
   * model does it, because dot products in the index assume it exactly; an all-zero output stays
   * all zeros. Writes each batch straight into one input buffer instead of one array per crop.
   */
  @Override
  public float[][] embed(List<RgbImage> crops) {
    float[][] out = new float[crops.size()][];
    int size = preprocessor.imageSize();
    for (int start = 0; start < crops.size(); start += batch) {
      int n = Math.min(batch, crops.size() - start);
      float[] input = new float[n * size];
      for (int i = 0; i < n; i++) {
        preprocessor.write(crops.get(start + i), input, i * size);
      }
      rows(model.run(input, n, List.of(output)), n, out, start);
    }
    return out;
  }

  /**
   * {@code crop} resized and normalised into the model's input ({@code 3 × H × W} floats), for
   * {@link #embedPrepared}. The costly half of {@link #embed} (the resize), so a caller with a pool
   * of workers can do it there, beside decoding, and keep the inference thread for inference.
   * Thread-safe.
   */
  @Override
  public float[] prepare(RgbImage crop) {
    float[] input = new float[preprocessor.imageSize()];
    preprocessor.write(crop, input, 0);
    return input;
  }

  /**
   * The same rows as {@link #embed} gives for the crops that {@code prepared} came from (each from
   * {@link #prepare}), in order.
   */
  @Override
  public float[][] embedPrepared(List<float[]> prepared) {
    float[][] out = new float[prepared.size()][];
    for (int start = 0; start < prepared.size(); start += batch) {
      int n = Math.min(batch, prepared.size() - start);
      rows(model.run(prepared.subList(start, start + n), List.of(output)), n, out, start);
    }
    return out;
  }

  /** Checks one batch's output and stores its unit rows in {@code out} from {@code start}. */
  private void rows(Map<String, Tensor> result, int n, float[][] out, int start) {
    int d = manifest.dimension();
    Tensor t = result.get(output);
    if (t.dim(0) != n || t.data().length != (long) n * d) {
      throw new IllegalStateException(
          manifest.displayName()
              + " returned "
              + t.shapeString()
              + " for "
              + n
              + " crops; expected ["
              + n
              + ", "
              + d
              + "]");
    }
    for (int i = 0; i < n; i++) {
      float[] row = new float[d];
      System.arraycopy(t.data(), i * d, row, 0, d);
      out[start + i] = UnitVectors.normalize(row);
    }
  }

  @Override
  public int dimension() {
    return manifest.dimension();
  }

  /** {@code name@version} from the manifest. */
  @Override
  public String name() {
    return manifest.displayName();
  }

  /** The manifest's sha256 of {@code model.onnx}, checked at load time. */
  @Override
  public String modelSha256() {
    return manifest.sha256();
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** Crops per inference call: the option, or 1 for a model with a fixed batch. */
  public int batchSize() {
    return batch;
  }

  /** Predictors created so far: one per concurrent caller at the peak. */
  public int predictorCount() {
    return model.predictorCount();
  }

  @Override
  public void close() {
    model.close();
  }
}
