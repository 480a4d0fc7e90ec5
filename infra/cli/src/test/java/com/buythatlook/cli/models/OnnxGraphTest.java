package com.buythatlook.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ultralytics' metadata values, as its exporter writes them (Python reprs). */
class OnnxGraphTest {

  @Test
  void namesAreAPythonDictInIndexOrder() {
    assertThat(OnnxGraph.names("{0: 'short_sleeved_shirt', 1: \"vest dress\", 2: 'it\\'s'}"))
        .containsExactly(
            java.util.Map.entry(0, "short_sleeved_shirt"),
            java.util.Map.entry(1, "vest dress"),
            java.util.Map.entry(2, "it's"));
    assertThat(OnnxGraph.names(null)).isEmpty();
  }

  @Test
  void imgszIsHeightThenWidthOrOneSide() {
    assertThat(OnnxGraph.imgsz("[480, 640]")).containsExactly(480, 640);
    assertThat(OnnxGraph.imgsz("320")).containsExactly(320, 320);
    assertThat(OnnxGraph.imgsz("[]")).isNull();
  }
}
