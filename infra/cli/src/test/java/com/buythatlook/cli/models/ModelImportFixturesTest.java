package com.buythatlook.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.BtlRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code btl model import} on the torchvision-style and segmentation fixtures of shared/vision (no
 * Python needed): a Mask R-CNN whose input is one image [3, H, W] and whose class names come from
 * {@code --classes}, and a YOLOv8-seg graph with two outputs.
 */
class ModelImportFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The repository's root: this module is infra/cli. */
  private static final Path REPOSITORY =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().getParent();

  private static final Path FIXTURES =
      REPOSITORY.resolve("shared").resolve("vision/src/test/resources/models");

  @TempDir Path dir;

  @Test
  void aTorchvisionMaskRcnnImportsWithClassNamesGiven() throws IOException {
    BtlRun none =
        BtlRun.of(
            "model",
            "import",
            FIXTURES.resolve("rcnn/model.onnx").toString(),
            "--out",
            dir.resolve("a").toString());
    BtlRun run =
        BtlRun.of(
            "model",
            "import",
            FIXTURES.resolve("rcnn/model.onnx").toString(),
            "--out",
            dir.resolve("rcnn").toString(),
            "--classes",
            "background,top,skirt,shoe,hat",
            "--link");

    assertThat(none.rc()).isEqualTo(2);
    assertThat(none.err())
        .contains("has no class names in its metadata")
        .contains("--classes a,b,c");
    assertThat(run.rc()).as(run.err()).isZero();
    JsonNode m = JSON.readTree(dir.resolve("rcnn/model.json").toFile());
    assertThat(m.path("output").path("format").asText()).isEqualTo("rcnn");
    assertThat(m.path("output").path("names").toString())
        .isEqualTo("[\"boxes\",\"labels\",\"scores\",\"masks\"]");
    assertThat(m.path("categoryMap").toString())
        .isEqualTo(
            "{\"top\":\"tops\",\"skirt\":\"skirts\",\"shoe\":\"footwear\",\"hat\":\"hats\"}");
    assertThat(Files.isSymbolicLink(dir.resolve("rcnn/model.onnx"))).isTrue();
    assertThat(run.out()).contains("background").contains("(dropped: no catalog category)");
  }

  @Test
  void aSegmentationExportImportsWithBothOutputs() throws IOException {
    BtlRun run =
        BtlRun.of(
            "model",
            "import",
            FIXTURES.resolve("yolov8-seg/model.onnx").toString(),
            "--out",
            dir.resolve("seg").toString(),
            "--classes",
            "top,skirt,shoe,hat");
    BtlRun wrongCount =
        BtlRun.of(
            "model",
            "import",
            FIXTURES.resolve("yolov8-seg/model.onnx").toString(),
            "--out",
            dir.resolve("seg3").toString(),
            "--classes",
            "top,skirt,shoe");

    assertThat(run.rc()).as(run.err()).isZero();
    JsonNode m = JSON.readTree(dir.resolve("seg/model.json").toFile());
    assertThat(m.path("output").path("format").asText()).isEqualTo("yolov8-seg");
    assertThat(m.path("output").path("names")).hasSize(2);
    assertThat(wrongCount.rc()).isEqualTo(2);
    assertThat(wrongCount.err())
        .contains("holds 4 classes in format yolov8-seg but --classes" + " names 3");
  }
}
