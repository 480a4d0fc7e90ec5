package com.buythatlook.vision.detect;

import com.buythatlook.vision.onnx.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A view of an Ultralytics detection head output {@code [1, 4 + C + M, A]}: per anchor, box centre
 * and size in input pixels, C class scores in [0, 1], then M mask coefficients (M = 0 without
 * segmentation). The transposed layout {@code [1, A, 4 + C + M]} that some exports produce is read
 * too.
 */
final class YoloOutput {

  private final float[] data;
  private final int classes;
  private final int maskDim;
  private final int anchors;
  private final int rowStride;
  private final int anchorStride;

  YoloOutput(Tensor t, int classes, int maskDim) {
    int rows = 4 + classes + maskDim;
    if (t.rank() != 3 || t.dim(0) != 1) {
      throw new IllegalStateException(
          "detection output is " + t.shapeString() + "; expected [1, " + rows + ", anchors]");
    }
    this.data = t.data();
    this.classes = classes;
    this.maskDim = maskDim;
    if (t.dim(1) == rows) {
      anchors = t.dim(2);
      rowStride = anchors;
      anchorStride = 1;
    } else if (t.dim(2) == rows) {
      anchors = t.dim(1);
      rowStride = 1;
      anchorStride = rows;
    } else {
      throw new IllegalStateException(
          "detection output is "
              + t.shapeString()
              + "; with "
              + classes
              + " classes"
              + (maskDim > 0 ? " and " + maskDim + " mask coefficients" : "")
              + " expected "
              + rows
              + " rows");
    }
  }

  int anchors() {
    return anchors;
  }

  private float at(int row, int anchor) {
    return data[row * rowStride + anchor * anchorStride];
  }

  /**
   * One candidate per anchor whose best class scores at least {@code minScore} and is kept by
   * {@code keepClass}.
   */
  List<Candidate> candidates(float minScore, IntPredicate keepClass) {
    List<Candidate> out = new ArrayList<>();
    for (int a = 0; a < anchors; a++) {
      int best = 0;
      float bestScore = at(4, a);
      for (int c = 1; c < classes; c++) {
        float s = at(4 + c, a);
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      if (!(bestScore >= minScore) || !keepClass.test(best)) {
        continue;
      }
      float cx = at(0, a);
      float cy = at(1, a);
      float hw = at(2, a) / 2;
      float hh = at(3, a) / 2;
      out.add(new Candidate(best, bestScore, cx - hw, cy - hh, cx + hw, cy + hh, a));
    }
    return out;
  }

  /** The mask coefficients of {@code anchor}. */
  float[] coefficients(int anchor) {
    float[] k = new float[maskDim];
    for (int i = 0; i < maskDim; i++) {
      k[i] = at(4 + classes + i, anchor);
    }
    return k;
  }
}
