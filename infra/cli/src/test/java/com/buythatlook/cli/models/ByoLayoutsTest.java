package com.buythatlook.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.BtlRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bring your own model, as a user does: small ONNX graphs in every export layout (built by {@code
 * src/test/python/make_layout_models.py}, random weights) go through {@code btl model import}, then
 * {@code look}, {@code eval} and {@code index}; the float16, uint8 and unknown variants are refused
 * with one sentence.
 */
class ByoLayoutsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static Path graphs;
  private static Path photo;
  private static Path coco;
  private static String noGraphs;

  @BeforeAll
  static void buildGraphsAndData() throws Exception {
    graphs = work.resolve("graphs");
    noGraphs = LayoutGraphs.build(graphs);
    photo = work.resolve("street.jpg");
    BufferedImage img = new BufferedImage(480, 640, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, 480, 640);
    g.setColor(new Color(200, 30, 30));
    g.fillRect(100, 100, 280, 250);
    g.setColor(new Color(30, 30, 200));
    g.fillRect(120, 360, 240, 260);
    g.dispose();
    ImageIO.write(img, "jpg", photo.toFile());
    Files.copy(photo, work.resolve("a.jpg"));
    coco =
        Files.writeString(
            work.resolve("coco.json"),
            """
        {"images": [{"id": 1, "file_name": "a.jpg", "width": 480, "height": 640}],
         "annotations": [
           {"id": 1, "image_id": 1, "category_id": 1, "bbox": [100, 100, 280, 250], "iscrowd": 0},
           {"id": 2, "image_id": 1, "category_id": 7, "bbox": [120, 360, 240, 260], "iscrowd": 0}],
         "categories": [{"id": 1, "name": "shirt, blouse"}, {"id": 7, "name": "pants"}]}
        """);
  }

  @BeforeEach
  void needsTheGraphs() {
    Assumptions.assumeTrue(noGraphs == null, noGraphs);
  }

  private static Path imported(String graph) {
    Path dir = work.resolve("models").resolve(graph);
    if (!Files.exists(dir.resolve("model.json"))) {
      BtlRun run =
          BtlRun.of(
              "model",
              "import",
              graphs.resolve(graph + ".onnx").toString(),
              "--out",
              dir.toString());
      assertThat(run.rc()).as(run.err()).isZero();
    }
    return dir;
  }

  @ParameterizedTest
  @CsvSource({
    "yolov8,  yolov8,       13, Ultralytics metadata, 0.3",
    "end2end, yolo-end2end, 13, Ultralytics metadata, 0.3",
    "yolov5,  yolov5,       46, Fashionpedia,         0.2"
  })
  void eachDetectorLayoutImportsAndRunsThroughLookAndEval(
      String graph, String format, int classes, String namesFrom, double minScore)
      throws IOException {
    Path dir = work.resolve("layouts").resolve(graph);

    BtlRun imported =
        BtlRun.of(
            "model", "import", graphs.resolve(graph + ".onnx").toString(), "--out", dir.toString());

    assertThat(imported.rc()).as(imported.err()).isZero();
    assertThat(imported.out())
        .contains("output format " + format)
        .contains(namesFrom)
        .contains("it loads in ONNX Runtime");
    JsonNode m = JSON.readTree(dir.resolve("model.json").toFile());
    assertThat(m.path("output").path("format").asText()).isEqualTo(format);
    assertThat(m.path("classes")).hasSize(classes);
    assertThat(m.path("input").path("width").asInt()).isEqualTo(640);
    assertThat(m.path("categoryMap").path(m.path("classes").get(0).asText()).asText())
        .isEqualTo("tops");
    assertThat(m.path("sha256").asText())
        .isEqualTo(ModelImportCommand.sha256(graphs.resolve(graph + ".onnx")));

    BtlRun look =
        BtlRun.of(
            "look",
            photo.toString(),
            "--detector",
            dir.toString(),
            "--min-score",
            Double.toString(minScore),
            "--out",
            work.resolve(graph + ".png").toString());
    assertThat(look.rc()).as(look.err()).isZero();
    assertThat(look.out()).containsPattern(graph + "@[0-9.]+ found [1-9][0-9]* item\\(s\\)");
    assertThat(work.resolve(graph + ".png")).isNotEmptyFile();

    BtlRun eval =
        BtlRun.of(
            "eval",
            "--data",
            coco.toString(),
            "--detector",
            dir.toString(),
            "--embedder",
            "histogram",
            "--threads",
            "1");
    assertThat(eval.rc()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("detector " + graph + "@").containsPattern("tops +0 +0 ");
  }

  @Test
  void aVitStyleEncoderImportsWithCentreCropAndEmbedsLooksEvalAndAnIndex() throws IOException {
    Path dir = work.resolve("models/vit");

    BtlRun imported =
        BtlRun.of(
            "model",
            "import",
            graphs.resolve("vit.onnx").toString(),
            "--out",
            dir.toString(),
            "--name",
            "tiny-vit",
            "--version",
            "1");

    assertThat(imported.rc()).as(imported.err()).isZero();
    JsonNode m = JSON.readTree(dir.resolve("model.json").toFile());
    assertThat(m.path("task").asText()).isEqualTo("embedding");
    assertThat(m.path("output").path("names").get(0).asText())
        .as("of image_embeds [N, 16] and last_hidden_state [N, 196, 32]")
        .isEqualTo("image_embeds");
    assertThat(m.path("dimension").asInt()).isEqualTo(16);
    assertThat(m.path("input").path("resize").asText()).isEqualTo("shortest-side-crop");
    assertThat(m.path("input").path("interpolation").asText()).isEqualTo("bicubic");

    BtlRun look =
        BtlRun.of(
            "look",
            photo.toString(),
            "--detector",
            imported("yolov8").toString(),
            "--embedder",
            dir.toString(),
            "--min-score",
            "0.3",
            "--out",
            work.resolve("vit.png").toString());
    assertThat(look.rc()).as(look.err()).isZero();
    assertThat(look.out()).contains("with tiny-vit@1: 16-d unit vectors");

    Path df2 = deepFashion2(work.resolve("df2"));
    BtlRun eval =
        BtlRun.of(
            "eval",
            "--data",
            df2.toString(),
            "--detector",
            "gt",
            "--embedder",
            dir.toString(),
            "--threads",
            "1",
            "--no-baseline");
    assertThat(eval.rc()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("embedder tiny-vit@1").containsPattern("tops +1 +2 ");

    Path catalog = catalog(work.resolve("catalog"));
    BtlRun index =
        BtlRun.of(
            "index",
            "--catalog",
            catalog.toString(),
            "--out",
            work.resolve("index").toString(),
            "--embedder",
            dir.toString());
    assertThat(index.rc()).as(index.err()).isZero();
    assertThat(index.out()).contains("3 products, 3 embedded");
    assertThat(work.resolve("index/index/CURRENT")).isNotEmptyFile();
  }

  @Test
  void float16AndUint8InputsAndUnknownLayoutsAreRefusedInOneSentence() throws IOException {
    BtlRun fp16 =
        BtlRun.of(
            "model",
            "import",
            graphs.resolve("yolov8-fp16.onnx").toString(),
            "--out",
            work.resolve("models/fp16").toString());
    BtlRun uint8 =
        BtlRun.of(
            "model",
            "import",
            graphs.resolve("yolov8-uint8.onnx").toString(),
            "--out",
            work.resolve("models/uint8").toString());
    BtlRun unknown =
        BtlRun.of(
            "model",
            "import",
            graphs.resolve("unknown.onnx").toString(),
            "--out",
            work.resolve("models/unknown").toString());

    assertThat(fp16.rc()).isEqualTo(2);
    assertOneSentence(fp16).contains("float16 input 'images'").contains("half=False");
    assertThat(uint8.rc()).isEqualTo(2);
    assertOneSentence(uint8).contains("uint8 input").contains("float32 input");
    assertThat(unknown.rc()).isEqualTo(2);
    assertOneSentence(unknown).contains("[output0 [1, 1, 1, 8400]] are no layout btl reads");
    assertThat(work.resolve("models/fp16/model.json")).doesNotExist();

    // a model.json written by hand for the float16 graph is refused when it loads, too
    Path dir = Files.createDirectories(work.resolve("models/fp16-by-hand"));
    Files.copy(graphs.resolve("yolov8-fp16.onnx"), dir.resolve("model.onnx"));
    JsonNode m = JSON.readTree(imported("yolov8").resolve("model.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) m)
        .put("sha256", ModelImportCommand.sha256(dir.resolve("model.onnx")));
    JSON.writeValue(dir.resolve("model.json").toFile(), m);
    BtlRun look = BtlRun.of("look", photo.toString(), "--detector", dir.toString());
    assertThat(look.rc()).isEqualTo(2);
    assertOneSentence(look).contains("is float16 but the runners feed float32");
  }

  @Test
  void anExistingModelJsonIsKeptUnlessForced() {
    Path dir = imported("end2end");

    BtlRun again =
        BtlRun.of(
            "model", "import", graphs.resolve("end2end.onnx").toString(), "--out", dir.toString());

    assertThat(again.rc()).isEqualTo(2);
    assertOneSentence(again).contains("exists; give another --out or --force");
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertOneSentence(BtlRun run) {
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    return assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** One user image with a top (pair 1, style 1) and one shop image with two tops of pair 1. */
  private static Path deepFashion2(Path root) throws IOException {
    Files.createDirectories(root.resolve("annos"));
    Files.createDirectories(root.resolve("image"));
    Files.copy(photo, root.resolve("image/000001.jpg"));
    Files.copy(photo, root.resolve("image/000002.jpg"));
    Files.writeString(
        root.resolve("annos/000001.json"),
        "{\"source\": \"user\", \"pair_id\": 1,"
            + " \"item1\": {\"category_id\": 1, \"style\": 1, \"bounding_box\": [100, 100, 380,"
            + " 350]}}");
    Files.writeString(
        root.resolve("annos/000002.json"),
        "{\"source\": \"shop\", \"pair_id\": 1,"
            + " \"item1\": {\"category_id\": 1, \"style\": 1, \"bounding_box\": [100, 100, 380,"
            + " 350]}, \"item2\": {\"category_id\": 2, \"style\": 2, \"bounding_box\": [120, 360,"
            + " 360, 620]}}");
    return root;
  }

  private static Path catalog(Path root) throws IOException {
    Files.createDirectories(root.resolve("catalog"));
    Files.createDirectories(root.resolve("images"));
    StringBuilder jsonl = new StringBuilder();
    Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
    for (int i = 0; i < colours.length; i++) {
      BufferedImage img = new BufferedImage(64, 80, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(colours[i]);
      g.fillRect(0, 0, 64, 80);
      g.dispose();
      ImageIO.write(img, "jpg", root.resolve("images/p" + i + ".jpg").toFile());
      jsonl
          .append("{\"productId\": \"p")
          .append(i)
          .append(
              "\", \"category\": \"tops\","
                  + " \"title\": \"t\", \"brand\": \"b\", \"price\": 10, \"currency\": \"EUR\","
                  + " \"colour\": \"c\", \"pattern\": \"solid\", \"image\": \"images/p")
          .append(i)
          .append(".jpg\"}\n");
    }
    Files.writeString(root.resolve("catalog/products.jsonl"), jsonl);
    return root;
  }
}
