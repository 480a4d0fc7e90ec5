package com.buythatlook.vision.onnx;

/** How to read a model's outputs: the manifest's {@code output.format}. */
public enum OutputFormat {
  /** {@code [N, 4 + C, A]}: cx, cy, w, h in input pixels, then C class scores. */
  YOLOV8("yolov8", Task.DETECTION, 1, 1, "the detections"),
  /** As YOLOV8 plus 32 mask coefficients per anchor, and prototypes {@code [N, 32, H/4, W/4]}. */
  YOLOV8_SEG("yolov8-seg", Task.DETECTION, 2, 2, "the detections, then the mask prototypes"),
  /**
   * End-to-end export with NMS in the graph (Ultralytics {@code nms=True}, YOLOv10): {@code [N, K,
   * 6]}, per row x1, y1, x2, y2, score, class index.
   */
  YOLO_END2END("yolo-end2end", Task.DETECTION, 1, 1, "the detections [N, K, 6]"),
  /** YOLOv5: {@code [N, A, 5 + C]}, per anchor cx, cy, w, h, objectness, C class scores. */
  YOLOV5("yolov5", Task.DETECTION, 1, 1, "the detections [N, A, 5 + C]"),
  /** torchvision: boxes {@code [K, 4]}, labels {@code [K]}, scores {@code [K]}, masks optional. */
  RCNN("rcnn", Task.DETECTION, 3, 4, "boxes, labels, scores and optionally masks"),
  /** {@code [N, D]}. */
  EMBEDDING("embedding", Task.EMBEDDING, 1, 1, "the embeddings");

  private final String wireName;
  private final Task task;
  private final int minOutputs;
  private final int maxOutputs;
  private final String outputsDescription;

  OutputFormat(String wireName, Task task, int minOutputs, int maxOutputs, String outputs) {
    this.wireName = wireName;
    this.task = task;
    this.minOutputs = minOutputs;
    this.maxOutputs = maxOutputs;
    this.outputsDescription = outputs;
  }

  public String wireName() {
    return wireName;
  }

  public Task task() {
    return task;
  }

  public int minOutputs() {
    return minOutputs;
  }

  public int maxOutputs() {
    return maxOutputs;
  }

  /** What {@code output.names} must list, in order, for error messages. */
  public String outputsDescription() {
    return outputsDescription;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
