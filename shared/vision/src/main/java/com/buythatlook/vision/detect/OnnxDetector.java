package com.buythatlook.vision.detect;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.RunLengthMask;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.vision.onnx.InputTransform;
import com.buythatlook.vision.onnx.ModelManifest;
import com.buythatlook.vision.onnx.OnnxModel;
import com.buythatlook.vision.onnx.Preprocessor;
import com.buythatlook.vision.onnx.Task;
import com.buythatlook.vision.onnx.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Runs a detection model folder (YOLOv8/YOLO11, YOLOv8-seg or torchvision R-CNN export) on photos:
 * letterbox or stretch, inference, decoding, NMS within each catalog category, boxes back in photo
 * pixels, detector classes mapped to catalog categories. Thread-safe; close it once when done.
 *
 * <pre>{@code
 * try (OnnxDetector detector = OnnxDetector.open(Path.of("infra/models/detector"))) {
 *   List<Detection> all = detector.detect(photo);
 *   List<Detection> items = DetectionFilter.seed(index.categories()).apply(all);
 * }
 * }</pre>
 */
public final class OnnxDetector implements Detector, AutoCloseable {

  private final OnnxModel model;
  private final ModelManifest manifest;
  private final DetectorOptions options;
  private final Preprocessor preprocessor;
  private final IntPredicate mapped;

  private OnnxDetector(OnnxModel model, DetectorOptions options) {
    this.model = model;
    this.manifest = model.manifest();
    this.options = options;
    this.preprocessor = new Preprocessor(manifest.input());
    this.mapped = c -> manifest.categoryOf(c) != null;
  }

  /** Opens with {@link DetectorOptions#DEFAULT}. */
  public static OnnxDetector open(Path dir) {
    return open(dir, DetectorOptions.DEFAULT);
  }

  /**
   * Reads, verifies and loads the model folder {@code dir}.
   *
   * @throws com.buythatlook.vision.onnx.InvalidModelException when the folder is missing, its
   *     manifest invalid, or the ONNX file does not match it
   */
  public static OnnxDetector open(Path dir, DetectorOptions options) {
    return new OnnxDetector(OnnxModel.open(dir, Task.DETECTION, options.runtime()), options);
  }

  /** Every detection after NMS, unfiltered, highest score first. */
  @Override
  public List<Detection> detect(RgbImage image) {
    List<DetectedInstance> instances = detectInstances(image);
    List<Detection> out = new ArrayList<>(instances.size());
    for (DetectedInstance i : instances) {
      out.add(i.detection());
    }
    return out;
  }

  /** As {@link #detect}, with detector class names and (when asked for) masks. */
  public List<DetectedInstance> detectInstances(RgbImage image) {
    float[] input = new float[preprocessor.imageSize()];
    InputTransform t = preprocessor.write(image, input, 0);
    List<String> names = manifest.output().names();
    Map<String, Tensor> out = model.run(input, 1, names);
    float threshold = (float) options.scoreThreshold();
    return switch (manifest.output().format()) {
      case YOLOV8 -> {
        YoloOutput yolo = new YoloOutput(out.get(names.get(0)), manifest.classes().size(), 0);
        yield instances(yolo.candidates(threshold, mapped), t, c -> null);
      }
      case YOLOV8_SEG -> {
        Tensor protos = out.get(names.get(1));
        if (protos.rank() != 4) {
          throw new IllegalStateException(
              "mask prototypes are " + protos.shapeString() + "; expected [1, 32, H/4, W/4]");
        }
        YoloOutput yolo =
            new YoloOutput(out.get(names.get(0)), manifest.classes().size(), protos.dim(1));
        yield instances(
            yolo.candidates(threshold, mapped),
            t,
            c -> ProbabilityGrid.fromPrototypes(protos, yolo.coefficients(c.source())));
      }
      case RCNN -> {
        List<Candidate> candidates =
            RcnnOutput.candidates(
                out.get(names.get(0)),
                out.get(names.get(1)),
                out.get(names.get(2)),
                threshold,
                mapped);
        Tensor masks = names.size() > 3 ? out.get(names.get(3)) : null;
        yield instances(
            candidates,
            t,
            c -> masks == null ? null : ProbabilityGrid.fromMasks(masks, c.source()));
      }
      case YOLO_END2END ->
          instances(
              RowOutputs.end2end(
                  out.get(names.get(0)),
                  manifest.classes().size(),
                  threshold,
                  mapped,
                  boxScaleX(),
                  boxScaleY()),
              t,
              c -> null);
      case YOLOV5 ->
          instances(
              RowOutputs.yolov5(
                  out.get(names.get(0)),
                  manifest.classes().size(),
                  threshold,
                  mapped,
                  boxScaleX(),
                  boxScaleY()),
              t,
              c -> null);
      case EMBEDDING -> throw new IllegalStateException("not a detection format");
    };
  }

  /** Input pixels per output x unit: the input width for normalised boxes, else 1. */
  private float boxScaleX() {
    return manifest.output().normalizedBoxes() ? manifest.input().width() : 1f;
  }

  private float boxScaleY() {
    return manifest.output().normalizedBoxes() ? manifest.input().height() : 1f;
  }

  /** Maps candidate → its probability grid, or null when the model has no masks. */
  private interface MaskSource {
    ProbabilityGrid gridOf(Candidate c);
  }

  private List<DetectedInstance> instances(
      List<Candidate> candidates, InputTransform t, MaskSource masks) {
    List<Candidate> pool = candidates;
    if (pool.size() > options.maxCandidates()) {
      pool = new ArrayList<>(pool);
      pool.sort((a, b) -> Float.compare(b.score(), a.score()));
      pool = pool.subList(0, options.maxCandidates());
    }
    // NMS after the class → category map: classes of one category suppress each other; the
    // manifest's nmsIou, when it has one, is the model's own threshold
    double iou = manifest.nmsIou() != null ? manifest.nmsIou() : options.iouThreshold();
    List<Candidate> kept =
        NonMaxSuppression.grouped(
            pool, iou, options.maxDetections(), c -> manifest.categoryOf(c.classIndex()).ordinal());
    List<DetectedInstance> out = new ArrayList<>(kept.size());
    for (Candidate c : kept) {
      Box box = t.toSource(c.x0(), c.y0(), c.x1(), c.y1());
      if (box.area() <= 0) {
        continue; // entirely outside the photo, e.g. in the letterbox padding
      }
      Category category = manifest.categoryOf(c.classIndex());
      RunLengthMask mask = null;
      if (options.masks()) {
        ProbabilityGrid grid = masks.gridOf(c);
        if (grid != null) {
          mask =
              MaskRenderer.render(
                  grid, box, t, manifest.input().width(), manifest.input().height());
        }
      }
      out.add(
          new DetectedInstance(
              new Detection(category, c.score(), box),
              manifest.classes().get(c.classIndex()),
              mask));
    }
    return out;
  }

  /** The catalog categories this detector can report. */
  @Override
  public Set<Category> categories() {
    Set<Category> s = EnumSet.noneOf(Category.class);
    s.addAll(manifest.categoryMap().values());
    return Collections.unmodifiableSet(s);
  }

  /** The manifest's {@code minScore}, when it sets one. */
  @Override
  public java.util.OptionalDouble minScore() {
    return manifest.minScore() == null
        ? java.util.OptionalDouble.empty()
        : java.util.OptionalDouble.of(manifest.minScore());
  }

  public ModelManifest manifest() {
    return manifest;
  }

  public DetectorOptions options() {
    return options;
  }

  /** Predictors created so far: one per concurrent caller at the peak. */
  public int predictorCount() {
    return model.predictorCount();
  }

  /** {@code name@version} from the manifest. */
  @Override
  public String name() {
    return manifest.displayName();
  }

  @Override
  public void close() {
    model.close();
  }
}
