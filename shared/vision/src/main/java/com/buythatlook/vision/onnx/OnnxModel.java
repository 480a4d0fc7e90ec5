package com.buythatlook.vision.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One verified model folder loaded into DJL's ONNX Runtime engine: owns the {@link ZooModel} and
 * the predictors made from it, and closes them once. Thread-safe: each call borrows a predictor of
 * its own.
 */
public final class OnnxModel implements AutoCloseable {

  private final ModelManifest manifest;
  private final OnnxSignature signature;
  private final ZooModel<NDList, NDList> model;
  private final PredictorPool predictors;
  private final boolean batched;
  private final boolean dynamicBatch;

  private OnnxModel(
      ModelManifest manifest, OnnxSignature signature, ZooModel<NDList, NDList> model) {
    this.manifest = manifest;
    this.signature = signature;
    this.model = model;
    this.predictors = new PredictorPool(model);
    long[] shape = signature.inputs().get(manifest.input().name());
    this.batched = shape.length == 4;
    this.dynamicBatch = batched && shape[0] < 0;
  }

  /**
   * Reads the manifest, checks the file against it, and loads it.
   *
   * @param expected the task the caller runs; a folder for another task is refused
   * @throws InvalidModelException naming what is wrong with the folder
   */
  public static OnnxModel open(Path dir, Task expected, RuntimeOptions options) {
    ModelManifest manifest = ModelManifest.read(dir);
    if (manifest.task() != expected) {
      throw new InvalidModelException(
          dir.resolve(ModelManifest.FILE_NAME)
              + ": 'task' is \""
              + manifest.task()
              + "\" but this folder is used as the "
              + expected
              + " model");
    }
    DjlEnvironment.prepare(options);
    OnnxSignature signature = ModelVerifier.verify(manifest);
    Criteria.Builder<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(manifest.modelFile())
            .optModelName(manifest.name())
            .optEngine("OnnxRuntime")
            .optTranslator(new NoopTranslator())
            .optDevice(GpuSupport.useGpu(options.device()) ? Device.gpu() : Device.cpu());
    if (options.threads() > 0) {
      // DJL 0.36 applies intraOpNumThreads only when interOpNumThreads is also given.
      criteria
          .optOption("interOpNumThreads", "1")
          .optOption("intraOpNumThreads", Integer.toString(options.threads()));
    }
    OnnxModel loaded;
    try {
      loaded = new OnnxModel(manifest, signature, criteria.build().loadModel());
    } catch (ModelNotFoundException | MalformedModelException | IOException e) {
      throw new InvalidModelException(
          "cannot load " + manifest.modelFile() + " with ONNX Runtime: " + e.getMessage(), e);
    }
    loaded.tryManifestSize();
    return loaded;
  }

  /**
   * A graph with symbolic height or width takes the manifest's size on trust, which it may not
   * accept (a fixed-size layer after the backbone, a stride it does not divide): one blank image at
   * that size is run now, so a wrong size is refused at load in one sentence rather than with a
   * stack trace at the first photo.
   */
  private void tryManifestSize() {
    long[] shape = signature.inputs().get(manifest.input().name());
    int c = batched ? 1 : 0;
    if (shape[c + 1] >= 0 && shape[c + 2] >= 0) {
      return; // a fixed size was checked against the manifest already
    }
    ModelInput in = manifest.input();
    try {
      run(new float[3 * in.height() * in.width()], 1, manifest.output().names());
    } catch (RuntimeException e) {
      close();
      String why = String.valueOf(e.getMessage());
      int nl = why.indexOf('\n');
      throw new InvalidModelException(
          manifest.modelFile()
              + ": the graph's input '"
              + in.name()
              + "' has a symbolic size, and at the manifest's "
              + in.width()
              + "×"
              + in.height()
              + " it fails ("
              + (nl < 0 ? why : why.substring(0, nl)).strip()
              + "): set input.width and input.height in model.json to a size the model was"
              + " exported for",
          e);
    }
  }

  public ModelManifest manifest() {
    return manifest;
  }

  public OnnxSignature signature() {
    return signature;
  }

  /**
   * The largest batch one call may carry: unbounded for a dynamic batch axis, 1 for a fixed one or
   * an input without a batch axis.
   */
  public int maxBatch() {
    return dynamicBatch ? Integer.MAX_VALUE : 1;
  }

  /** Predictors created so far: at most the peak number of concurrent callers. */
  public int predictorCount() {
    return predictors.size();
  }

  /**
   * Runs one batch.
   *
   * @param input {@code batch × 3 × H × W} floats, planar, as {@link Preprocessor} writes them
   * @param outputs names of the outputs wanted; each is copied out as a {@link Tensor}
   */
  public Map<String, Tensor> run(float[] input, int batch, Collection<String> outputs) {
    Shape shape = shape(batch);
    if (shape.size() != input.length) {
      throw new IllegalArgumentException(
          "input holds " + input.length + " floats; shape " + shape + " needs " + shape.size());
    }
    return run(shape, lease -> lease.input(input), outputs);
  }

  /**
   * Runs one batch given as one array per image, each {@code 3 × H × W} floats as {@link
   * Preprocessor} writes them; the same as {@link #run(float[], int, Collection)} on their
   * concatenation, without building it on the heap first.
   */
  public Map<String, Tensor> run(List<float[]> images, Collection<String> outputs) {
    Shape shape = shape(images.size());
    int imageSize = 3 * manifest.input().height() * manifest.input().width();
    return run(shape, lease -> lease.input(images, imageSize), outputs);
  }

  private Shape shape(int batch) {
    ModelInput in = manifest.input();
    if (batch < 1 || batch > maxBatch()) {
      throw new IllegalArgumentException("batch " + batch + " is outside 1.." + maxBatch());
    }
    return batched
        ? new Shape(batch, 3, in.height(), in.width())
        : new Shape(3, in.height(), in.width());
  }

  private Map<String, Tensor> run(
      Shape shape, Function<PredictorPool.Lease, FloatBuffer> fill, Collection<String> outputs) {
    ModelInput in = manifest.input();
    PredictorPool.Lease lease = predictors.borrow();
    // Outputs are attached to the input's manager, so closing it frees every native tensor of
    // this call once the floats are copied out. The input tensor reads the lease's buffer in
    // place, so it must be closed before the lease is given back.
    try (NDManager call = model.getNDManager().newSubManager()) {
      NDArray x = call.create(fill.apply(lease), shape);
      x.setName(in.name());
      NDList result = lease.predictor.predict(new NDList(x));
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (String name : outputs) {
        NDArray a = result.get(name);
        if (a == null) {
          throw new IllegalStateException(
              manifest.displayName() + " returned no output '" + name + "'");
        }
        out.put(name, Tensors.copy(a));
      }
      return out;
    } catch (TranslateException e) {
      throw new IllegalStateException(
          "inference failed in " + manifest.displayName() + ": " + e.getMessage(), e);
    } finally {
      predictors.giveBack(lease);
    }
  }

  @Override
  public void close() {
    predictors.close();
    model.close();
  }
}
