package com.buythatlook.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelVerifierTest {

  @TempDir Path tmp;

  @Test
  void aChangedFileFailsTheChecksumWithBothHashes() throws Exception {
    Path dir = Fixtures.copy("yolov8", tmp);
    String declared = ModelManifest.read(dir).sha256();
    Files.write(dir.resolve("model.onnx"), new byte[] {0}, StandardOpenOption.APPEND);

    assertThatThrownBy(() -> OnnxDetector.open(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("model.onnx sha256 is ")
        .hasMessageContaining(
            " but model.json says " + declared + ": the file was changed or truncated");
  }

  @Test
  void aMissingOnnxFileIsNamed() throws Exception {
    Path dir = Fixtures.copy("yolov8", tmp);
    Files.delete(dir.resolve("model.onnx"));

    assertThatThrownBy(() -> OnnxDetector.open(dir))
        .hasMessageContaining("no model.onnx in " + dir);
  }

  @Test
  void anInputSizeThatDisagreesWithTheGraphIsRefused() {
    Path dir = Fixtures.copy("yolov8", tmp);
    Fixtures.editManifest(dir, r -> ((ObjectNode) r.get("input")).put("width", 320));

    assertThatThrownBy(() -> OnnxDetector.open(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("model.json says input 'images' is 3×64×320")
        .hasMessageContaining("the graph declares [?, 3, 64, 64]: the input sizes disagree");
  }

  @Test
  void aClassCountThatDisagreesWithTheOutputRowsIsRefused() {
    Path dir = Fixtures.copy("yolov8", tmp);
    Fixtures.editManifest(dir, r -> r.withArray("classes").add("belt"));

    assertThatThrownBy(() -> OnnxDetector.open(dir))
        .hasMessageContaining(
            "model.json lists 5 classes, so output 'output0' should have"
                + " 4 + 5 = 9 rows, but the graph declares [1, 8, 8]");
  }

  @Test
  void namesThatAreNotInTheGraphAreRefused() {
    Path dir = Fixtures.copy("yolov8", tmp);
    Fixtures.editManifest(dir, r -> ((ObjectNode) r.get("input")).put("name", "pixels"));
    assertThatThrownBy(() -> OnnxDetector.open(dir))
        .hasMessageContaining(
            "model.json says the input is called 'pixels' but the graph's" + " input is 'images'");

    Path out = Fixtures.copy("embedder", tmp);
    Fixtures.editManifest(out, r -> r.withArray("/output/names").set(0, "features"));
    assertThatThrownBy(() -> OnnxEmbedder.open(out))
        .hasMessageContaining(
            "model.json lists output 'features' but the graph's outputs are" + " [embedding]");
  }

  @Test
  void anEmbeddingDimensionThatDisagreesIsRefused() {
    Path dir = Fixtures.copy("embedder", tmp);
    Fixtures.editManifest(dir, r -> r.put("dimension", 128));

    assertThatThrownBy(() -> OnnxEmbedder.open(dir))
        .hasMessageContaining(
            "model.json says 'dimension' is 128 but output 'embedding' is" + " [?, 4]");
  }

  @Test
  void aFileThatIsNotOnnxIsRefusedAfterItsChecksumPasses() throws Exception {
    Path dir = Fixtures.copy("yolov8", tmp);
    Files.writeString(dir.resolve("model.onnx"), "not a protobuf");
    String sha = ModelVerifier.sha256(dir.resolve("model.onnx"));
    Fixtures.editManifest(dir, r -> r.put("sha256", sha));

    assertThatThrownBy(() -> OnnxDetector.open(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("is not an ONNX model that ONNX Runtime can load");
  }

  @Test
  void aFolderForAnotherTaskIsRefused() {
    assertThatThrownBy(() -> OnnxEmbedder.open(Fixtures.model("yolov8")))
        .hasMessageContaining(
            "'task' is \"detection\" but this folder is used as the embedding" + " model");
  }

  @Test
  void signatureReportsDynamicAxes() {
    OnnxSignature s = OnnxSignature.read(Fixtures.model("rcnn").resolve("model.onnx"));

    assertThat(s.inputs().get("image")).containsExactly(3, 64, 64);
    assertThat(s.outputs().keySet()).containsExactly("boxes", "labels", "scores", "masks");
    assertThat(
            OnnxSignature.read(Fixtures.model("embedder").resolve("model.onnx"))
                .inputs()
                .get("pixels"))
        .containsExactly(-1, 3, 16, 16);
  }
}
