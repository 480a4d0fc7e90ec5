package com.buythatlook.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.Btl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command as a user runs it: options, table, JSON and plot files, error messages. */
class EvalCommandTest {

  private static final List<String> FIGURES =
      List.of(
          "queries",
          "gallery",
          "top1",
          "top10",
          "top15",
          "top20",
          "top1_detected",
          "top20_detected",
          "ap50",
          "ap");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int btl(String... args) {
    CommandLine cl = Btl.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static List<String> keys(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void writesTheTableTheJsonAndThePlot() throws Exception {
    // given
    Path data = TinyDataset.write(dir.resolve("ds"));
    Path json = dir.resolve("out/eval.json");
    Path png = dir.resolve("out/recall.png");

    // when
    int rc =
        btl(
            "eval",
            "--data",
            data.toString(),
            "--detector",
            "gt",
            "--embedder",
            "histogram",
            "--threads",
            "2",
            "--json",
            json.toString(),
            "--plot",
            png.toString());

    // then
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("category", "top1", "top15", "top1_det", "AP50")
        .containsPattern("tops\\s+3\\s+4\\s+1\\.000")
        .containsPattern("pants\\s+3\\s+2\\s+1\\.000")
        .containsPattern("overall\\s+6\\s+6\\s+1\\.000");

    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(keys(root))
        .containsExactlyInAnyOrder("config", "overall", "categories", "not_covered");
    assertThat(root.get("not_covered")).isEmpty(); // the ground truth covers every category
    assertThat(keys(root.get("overall"))).containsExactlyInAnyOrderElementsOf(FIGURES);
    assertThat(keys(root.get("categories"))).containsExactly("pants", "tops");
    for (JsonNode category : root.get("categories")) {
      assertThat(keys(category)).containsExactlyInAnyOrderElementsOf(FIGURES);
    }
    assertThat(root.at("/overall/top1").asDouble()).isEqualTo(1.0);
    assertThat(root.at("/overall/ap").asDouble()).isEqualTo(1.0);
    assertThat(root.at("/categories/tops/gallery").asInt()).isEqualTo(4);
    assertThat(root.at("/config/split").asText()).isEqualTo("test");
    assertThat(root.at("/config/detector").asText()).isEqualTo("ground-truth");
    assertThat(root.at("/config/embedder").asText()).isEqualTo("colour-histogram");

    BufferedImage plot = ImageIO.read(png.toFile());
    assertThat(plot.getWidth()).isEqualTo(RecallPlot.WIDTH);
    assertThat(plot.getHeight()).isEqualTo(RecallPlot.HEIGHT);
  }

  @Test
  void helpExplainsTheOptionsAndEndsWithAnExample() {
    int rc = btl("eval", "--help");

    assertThat(rc).isZero();
    assertThat(out.toString())
        .contains("--data", "--split", "--detector", "--embedder", "--threads", "--json", "--plot")
        .endsWith(
            "Example: btl eval --data data/synth --split test --json eval.json --plot recall.png"
                + System.lineSeparator());
  }

  @Test
  void aFolderWithoutAManifestIsAUserError() throws Exception {
    Path data = TinyDataset.write(dir.resolve("ds"));
    Path model = Files.createDirectories(dir.resolve("yolo"));
    Files.write(model.resolve("model.onnx"), new byte[] {0});

    int rc = btl("eval", "--data", data.toString(), "--detector", model.toString());

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("--detector", "not a model folder", "model.json");
  }

  @Test
  void aBrokenModelIsAUserErrorThatSaysWhatIsWrong() throws Exception {
    Path data = TinyDataset.write(dir.resolve("ds"));
    Path model = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(model.resolve("model.json"), "{\"task\": \"embedding\"");

    int rc = btl("eval", "--data", data.toString(), "--embedder", model.toString());

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("--embedder", "model.json");
  }

  @Test
  void anUnknownEmbedderNameIsAUserError() throws Exception {
    Path data = TinyDataset.write(dir.resolve("ds"));

    int rc = btl("eval", "--data", data.toString(), "--embedder", "clip");

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("--embedder 'clip'", "histogram", "default");
  }

  @Test
  void anOnnxEmbedderFolderPlugsIntoTheSameHarness() throws Exception {
    // the tiny embedding model the vision library (module shared/vision) tests its runner with;
    // this module is infra/cli, two folders below the repository's root
    Path model =
        Path.of("")
            .toAbsolutePath()
            .getParent()
            .getParent()
            .resolve("shared")
            .resolve("vision/src/test/resources/models/embedder");
    Path data = TinyDataset.write(dir.resolve("ds"));
    Path json = dir.resolve("onnx.json");

    int rc =
        btl(
            "eval",
            "--data",
            data.toString(),
            "--detector",
            "gt",
            "--embedder",
            model.toString(),
            "--json",
            json.toString());

    assertThat(rc).as(err.toString()).isZero();
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.at("/config/embedder").asText()).isNotEqualTo("colour-histogram");
    // the baseline runs beside it, in the same report
    assertThat(root.at("/baseline/config/embedder").asText()).isEqualTo("colour-histogram");
    assertThat(root.at("/baseline/overall/top1").asDouble()).isEqualTo(1.0);
    assertThat(out.toString()).contains("Baseline, for comparison:", "top-1 errors:");
  }

  @Test
  void userMistakesGetOneSentenceAndExitStatusTwo() throws Exception {
    Path data = TinyDataset.write(dir.resolve("ds"));

    assertThat(btl("eval", "--data", dir.resolve("nothing").toString())).isEqualTo(2);
    assertThat(btl("eval", "--data", data.toString(), "--split", "val")).isEqualTo(2);
    assertThat(btl("eval", "--data", data.toString(), "--plot", "recall.jpg")).isEqualTo(2);
    assertThat(btl("eval", "--data", data.toString(), "--threads", "0")).isEqualTo(2);
    assertThat(err.toString())
        .contains("does not exist", "unknown split 'val'", "ending in .png", "at least 1")
        .doesNotContain("Exception");
  }
}
