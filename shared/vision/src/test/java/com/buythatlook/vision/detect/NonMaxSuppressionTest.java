package com.buythatlook.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

  private static Candidate box(
      int cls, float score, float x0, float y0, float x1, float y1, int source) {
    return new Candidate(cls, score, x0, y0, x1, y1, source);
  }

  @Test
  void suppressesOverlapsWithinAClassOnly() {
    List<Candidate> in =
        List.of(
            box(0, 0.6f, 1, 0, 11, 10, 1), // IoU 0.82 with source 0
            box(0, 0.9f, 0, 0, 10, 10, 0),
            box(1, 0.8f, 0, 0, 10, 10, 2), // same box, other class
            box(0, 0.7f, 20, 20, 30, 30, 3)); // same class, far away

    assertThat(NonMaxSuppression.classWise(in, 0.5, 100))
        .extracting(Candidate::source)
        .containsExactly(0, 2, 3);
  }

  @Test
  void suppressesOnlyAboveTheThreshold() {
    // IoU of these two is exactly 1/3
    List<Candidate> in = List.of(box(0, 0.9f, 0, 0, 10, 10, 0), box(0, 0.8f, 5, 0, 15, 10, 1));

    assertThat(NonMaxSuppression.classWise(in, 1 / 3.0 + 1e-6, 10)).hasSize(2);
    assertThat(NonMaxSuppression.classWise(in, 0.3, 10)).hasSize(1);
  }

  @Test
  void stopsAtMaxKeptWithTheBestFirst() {
    List<Candidate> in =
        List.of(
            box(0, 0.1f, 0, 0, 1, 1, 0), box(1, 0.5f, 0, 0, 1, 1, 1), box(2, 0.3f, 0, 0, 1, 1, 2));

    assertThat(NonMaxSuppression.classWise(in, 0.5, 2))
        .extracting(Candidate::source)
        .containsExactly(1, 2);
  }

  @Test
  void iouOfDisjointOrEmptyBoxesIsZero() {
    assertThat(box(0, 1, 0, 0, 1, 1, 0).iou(box(0, 1, 2, 2, 3, 3, 1))).isZero();
    assertThat(box(0, 1, 0, 0, 0, 0, 0).iou(box(0, 1, 0, 0, 0, 0, 1))).isZero();
  }
}
