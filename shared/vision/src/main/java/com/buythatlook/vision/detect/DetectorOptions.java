package com.buythatlook.vision.detect;

import com.buythatlook.vision.onnx.RuntimeOptions;

/**
 * How the detector turns raw outputs into detections. The defaults suit evaluation and serving
 * alike: a low pre-NMS threshold keeps what AP needs, and {@link DetectionFilter} applies the
 * serving threshold afterwards.
 *
 * @param scoreThreshold candidates scoring below this are dropped before NMS
 * @param iouThreshold class-wise NMS suppresses overlaps strictly above this
 * @param maxDetections most detections returned per photo
 * @param maxCandidates most candidates entering NMS (highest scores first), bounding its cost
 * @param masks compute instance masks when the model has them (yolov8-seg, rcnn with masks)
 */
public record DetectorOptions(
    double scoreThreshold,
    double iouThreshold,
    int maxDetections,
    int maxCandidates,
    boolean masks,
    RuntimeOptions runtime) {

  public static final DetectorOptions DEFAULT =
      new DetectorOptions(0.05, 0.5, 100, 30_000, false, RuntimeOptions.DEFAULT);

  public DetectorOptions {
    if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
      throw new IllegalArgumentException("scoreThreshold must be in [0, 1], got " + scoreThreshold);
    }
    if (!(iouThreshold > 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("iouThreshold must be in (0, 1], got " + iouThreshold);
    }
    if (maxDetections < 1 || maxCandidates < 1) {
      throw new IllegalArgumentException("maxDetections and maxCandidates must be positive");
    }
    if (runtime == null) {
      throw new IllegalArgumentException("runtime options are required");
    }
  }

  public DetectorOptions withScoreThreshold(double v) {
    return new DetectorOptions(v, iouThreshold, maxDetections, maxCandidates, masks, runtime);
  }

  public DetectorOptions withIouThreshold(double v) {
    return new DetectorOptions(scoreThreshold, v, maxDetections, maxCandidates, masks, runtime);
  }

  public DetectorOptions withMaxDetections(int v) {
    return new DetectorOptions(scoreThreshold, iouThreshold, v, maxCandidates, masks, runtime);
  }

  public DetectorOptions withMaxCandidates(int v) {
    return new DetectorOptions(scoreThreshold, iouThreshold, maxDetections, v, masks, runtime);
  }

  public DetectorOptions withMasks(boolean v) {
    return new DetectorOptions(
        scoreThreshold, iouThreshold, maxDetections, maxCandidates, v, runtime);
  }

  public DetectorOptions withRuntime(RuntimeOptions v) {
    return new DetectorOptions(
        scoreThreshold, iouThreshold, maxDetections, maxCandidates, masks, v);
  }
}
