package com.buythatlook.vision.detect;

import com.buythatlook.vision.onnx.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Detection outputs with one row per box, {@code [1, K, R]}: the end-to-end export ({@code R = 6}:
 * x1, y1, x2, y2, score, class) and YOLOv5 ({@code R = 5 + C}: cx, cy, w, h, objectness, class
 * scores; a box's score is objectness × its best class score). Coordinates in input pixels, or as
 * fractions of the input size ({@code sx}, {@code sy} scale them to pixels).
 */
final class RowOutputs {

  private RowOutputs() {}

  static List<Candidate> end2end(
      Tensor t, int classes, float minScore, IntPredicate keepClass, float sx, float sy) {
    int rows = rows(t, 6, "[1, K, 6] (x1, y1, x2, y2, score, class)");
    float[] d = t.data();
    List<Candidate> out = new ArrayList<>();
    for (int k = 0; k < rows; k++) {
      int o = k * 6;
      float score = d[o + 4];
      int c = Math.round(d[o + 5]);
      if (!(score >= minScore) || c < 0 || c >= classes || !keepClass.test(c)) {
        continue; // padding rows of a fixed K have score 0
      }
      out.add(new Candidate(c, score, d[o] * sx, d[o + 1] * sy, d[o + 2] * sx, d[o + 3] * sy, k));
    }
    return out;
  }

  static List<Candidate> yolov5(
      Tensor t, int classes, float minScore, IntPredicate keepClass, float sx, float sy) {
    int width = 5 + classes;
    int rows = rows(t, width, "[1, anchors, 5 + " + classes + "]");
    float[] d = t.data();
    List<Candidate> out = new ArrayList<>();
    for (int a = 0; a < rows; a++) {
      int o = a * width;
      float objectness = d[o + 4];
      if (!(objectness >= minScore)) {
        continue; // the product cannot reach minScore either
      }
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (d[o + 5 + c] > d[o + 5 + best]) {
          best = c;
        }
      }
      float score = objectness * d[o + 5 + best];
      if (!(score >= minScore) || !keepClass.test(best)) {
        continue;
      }
      float cx = d[o] * sx;
      float cy = d[o + 1] * sy;
      float hw = d[o + 2] * sx / 2;
      float hh = d[o + 3] * sy / 2;
      out.add(new Candidate(best, score, cx - hw, cy - hh, cx + hw, cy + hh, a));
    }
    return out;
  }

  private static int rows(Tensor t, int width, String expected) {
    if (t.rank() != 3 || t.dim(0) != 1 || t.dim(2) != width) {
      throw new IllegalStateException(
          "detection output is " + t.shapeString() + "; expected " + expected);
    }
    return t.dim(1);
  }
}
