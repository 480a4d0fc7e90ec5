package com.buythatlook.vision.detect;

import com.buythatlook.vision.onnx.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * torchvision Faster/Mask R-CNN outputs: {@code boxes [K, 4]} as x0, y0, x1, y1 in input pixels,
 * {@code labels [K]} (class indices, 0 usually background), {@code scores [K]}.
 */
final class RcnnOutput {

  private RcnnOutput() {}

  static List<Candidate> candidates(
      Tensor boxes, Tensor labels, Tensor scores, float minScore, IntPredicate keepClass) {
    int k = scores.rank() == 0 ? 0 : scores.dim(0);
    if (boxes.rank() != 2
        || boxes.dim(0) != k
        || boxes.dim(1) != 4
        || labels.rank() != 1
        || labels.dim(0) != k) {
      throw new IllegalStateException(
          "R-CNN outputs disagree: boxes "
              + boxes.shapeString()
              + ", labels "
              + labels.shapeString()
              + ", scores "
              + scores.shapeString()
              + "; expected [K, 4], [K], [K]");
    }
    float[] b = boxes.data();
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      float score = scores.data()[i];
      int label = Math.round(labels.data()[i]);
      if (!(score >= minScore) || !keepClass.test(label)) {
        continue;
      }
      out.add(new Candidate(label, score, b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3], i));
    }
    return out;
  }
}
