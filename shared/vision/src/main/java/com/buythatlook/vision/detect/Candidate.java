package com.buythatlook.vision.detect;

/**
 * A raw detection in network-input pixels, before suppression and mapping to the photo.
 *
 * @param classIndex index into the manifest's {@code classes}
 * @param source the anchor (YOLO) or row (R-CNN) it came from, to find its mask
 */
public record Candidate(
    int classIndex, float score, float x0, float y0, float x1, float y1, int source) {

  public float area() {
    return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  }

  /** Intersection over union; 0 when both are empty. */
  public float iou(Candidate o) {
    float w = Math.min(x1, o.x1) - Math.max(x0, o.x0);
    float h = Math.min(y1, o.y1) - Math.max(y0, o.y0);
    if (w <= 0 || h <= 0) {
      return 0;
    }
    float inter = w * h;
    float union = area() + o.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
