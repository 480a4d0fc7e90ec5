package com.buythatlook.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.buythatlook.core.catalog.Category;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {

  @TempDir Path tmp;

  @Test
  void readsEveryFieldOfAValidManifest() {
    ModelManifest m = ModelManifest.read(Fixtures.model("yolov8"));

    assertThat(m.task()).isEqualTo(Task.DETECTION);
    assertThat(m.displayName()).isEqualTo("test-yolov8@1");
    assertThat(m.input().width()).isEqualTo(64);
    assertThat(m.input().resize()).isEqualTo(ResizeMode.LETTERBOX);
    assertThat(m.input().padValue()).isEqualTo(114);
    assertThat(m.output().format()).isEqualTo(OutputFormat.YOLOV8);
    assertThat(m.classes()).containsExactly("top", "skirt", "shoe", "hat");
    assertThat(m.categoryOf(2)).isEqualTo(Category.FOOTWEAR);
    assertThat(m.categoryOf(3)).isNull();
    assertThat(m.categoryOf(99)).isNull();
    assertThat(ModelManifest.read(Fixtures.model("embedder")).dimension()).isEqualTo(4);
  }

  @Test
  void aMissingFolderOrManifestSaysWhatAModelFolderHolds() {
    assertThatThrownBy(() -> ModelManifest.read(tmp.resolve("nope")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("model.onnx and model.json");
    assertThatThrownBy(() -> ModelManifest.read(tmp))
        .hasMessageContaining("no model.json in " + tmp);
  }

  @Test
  void badJsonNamesTheLine() throws Exception {
    Path dir = Fixtures.copy("yolov8", tmp);
    Files.writeString(dir.resolve("model.json"), "{\n  \"schema\": 1,\n  \"name\": }\n");

    assertThatThrownBy(() -> ModelManifest.read(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("is not valid JSON")
        .hasMessageContaining("line 3");
  }

  @Test
  void aMissingKeySaysWhichAndWhatWasExpected() throws IOException {
    assertThat(invalid(r -> ((ObjectNode) r.get("input")).remove("width")))
        .contains("'input.width' is missing; expected an integer: the input width in pixels");
    assertThat(invalid(r -> r.remove("sha256"))).contains("'sha256' is missing");
    assertThat(invalid(r -> r.remove("categoryMap"))).contains("'categoryMap' is missing");
  }

  @Test
  void aWrongValueSaysWhatItHeldAndWhatWasExpected() throws IOException {
    assertThat(invalid(r -> ((ObjectNode) r.get("input")).put("width", "320")))
        .contains("'input.width' is \"320\"; expected an integer");
    assertThat(invalid(r -> r.put("task", "segmentation")))
        .contains("'task' is \"segmentation\"; expected one of \"detection\", \"embedding\"");
    assertThat(invalid(r -> ((ObjectNode) r.get("input")).put("resize", "crop")))
        .contains("expected one of \"letterbox\", \"stretch\"");
    assertThat(invalid(r -> ((ObjectNode) r.get("input")).putArray("std").add(1).add(0).add(1)))
        .contains("a standard deviation cannot be 0");
    assertThat(invalid(r -> r.put("schema", 2))).contains("this build reads schema 1");
    assertThat(invalid(r -> r.put("sha256", "abc"))).contains("expected 64 hex digits");
    assertThat(invalid(r -> r.put("file", "../model.onnx")))
        .contains("expected a file name inside the folder");
  }

  @Test
  void formatsAndCategoriesAreCheckedAgainstEachOther() throws IOException {
    assertThat(invalid(r -> ((ObjectNode) r.get("output")).put("format", "embedding")))
        .contains("'output.format' is \"embedding\" but 'task' is \"detection\"");
    assertThat(invalid(r -> ((ObjectNode) r.get("output")).put("format", "yolov8-seg")))
        .contains("lists 1 output(s); format \"yolov8-seg\" expects 2");
    assertThat(invalid(r -> ((ObjectNode) r.get("categoryMap")).put("scarf", "tops")))
        .contains("maps \"scarf\", which is not in 'classes'");
    assertThat(invalid(r -> ((ObjectNode) r.get("categoryMap")).put("top", "shirts")))
        .contains("unknown category 'shirts'; expected one of bags, belts");
    assertThat(invalid(r -> ((ObjectNode) r.get("categoryMap")).removeAll()))
        .contains("maps no class to a catalog category");
  }

  /** The message of reading a copy of the YOLOv8 fixture's manifest after {@code edit}. */
  private String invalid(Consumer<ObjectNode> edit) throws IOException {
    Path model = Fixtures.copy("yolov8", Files.createTempDirectory(tmp, "m"));
    Fixtures.editManifest(model, edit);
    Throwable t = catchThrowable(() -> ModelManifest.read(model));
    assertThat(t).isInstanceOf(InvalidModelException.class);
    assertThat(t.getMessage()).startsWith(model.resolve("model.json") + ": ");
    return t.getMessage();
  }
}
