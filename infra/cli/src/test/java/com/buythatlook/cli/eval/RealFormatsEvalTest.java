package com.buythatlook.cli.eval;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code btl eval} on the DeepFashion2 and COCO files a user brings, written here: the
 * consumer-to-shop protocol (a hit needs the query's pair_id and style) and detection-only COCO.
 */
class RealFormatsEvalTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A grey 120×120 JPEG with solid boxes {x1, y1, x2, y2, rgb}. */
  private static void photo(Path file, int[]... boxes) throws IOException {
    BufferedImage img = new BufferedImage(120, 120, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, 120, 120);
    for (int[] b : boxes) {
      g.setColor(new Color(b[4]));
      g.fillRect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
    }
    g.dispose();
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "jpg", file.toFile());
  }

  private static String item(int n, int category, int style, int[] b) {
    return "\"item"
        + n
        + "\": {\"category_id\": "
        + category
        + ", \"style\": "
        + style
        + ", \"bounding_box\": ["
        + b[0]
        + ", "
        + b[1]
        + ", "
        + b[2]
        + ", "
        + b[3]
        + "]}";
  }

  private void image(Path split, String stem, String source, int pair, String items, int[]... boxes)
      throws IOException {
    photo(split.resolve("image/" + stem + ".jpg"), boxes);
    Files.createDirectories(split.resolve("annos"));
    Files.writeString(
        split.resolve("annos/" + stem + ".json"),
        "{\"source\": \"" + source + "\", \"pair_id\": " + pair + ", " + items + "}");
  }

  @Test
  void deepFashion2RetrievalNeedsTheSamePairAndStyle() throws IOException {
    Path split = dir.resolve("deepfashion2/validation");
    int[] red = {10, 10, 60, 60, 0xFF0000};
    int[] green = {10, 70, 60, 110, 0x00C000};
    int[] blue = {20, 20, 80, 80, 0x0000FF};
    int[] shopRed = {0, 0, 50, 50, 0xFF0000}; // pair 1 but style 2: looks the same, no hit
    int[] shopNearRed = {60, 60, 110, 110, 0xC82818}; // pair 1 style 1: the hit, ranked second
    int[] shopBlue = {30, 30, 90, 90, 0x0000FF};
    image(split, "000001", "user", 1, item(1, 1, 1, red) + ", " + item(2, 8, 0, green), red, green);
    image(split, "000002", "user", 2, item(1, 1, 1, blue), blue);
    image(
        split,
        "000003",
        "shop",
        1,
        item(1, 1, 2, shopRed) + ", " + item(2, 1, 1, shopNearRed),
        shopRed,
        shopNearRed);
    image(split, "000004", "shop", 2, item(1, 1, 1, shopBlue), shopBlue);
    Path json = dir.resolve("eval.json");

    BtlRun run =
        BtlRun.of(
            "eval",
            "--data",
            dir.resolve("deepfashion2").toString(),
            "--detector",
            "gt",
            "--embedder",
            "histogram",
            "--threads",
            "1",
            "--json",
            json.toString());

    assertThat(run.rc()).as(run.err()).isZero();
    JsonNode tops = JSON.readTree(json.toFile()).path("categories").path("tops");
    assertThat(tops.path("queries").asInt()).as("user items with style > 0").isEqualTo(2);
    assertThat(tops.path("gallery").asInt()).as("every shop item of the category").isEqualTo(3);
    assertThat(tops.path("top1").asDouble()).isEqualTo(0.5);
    assertThat(tops.path("top10").asDouble()).isEqualTo(1.0);
    JsonNode pants = JSON.readTree(json.toFile()).path("categories").path("pants");
    assertThat(pants.path("queries").asInt()).as("style 0: no query").isZero();
    assertThat(pants.path("ap50").asDouble()).as("but detection ground truth").isEqualTo(1.0);
  }

  @Test
  void cocoMeasuresDetectionOnly() throws IOException {
    photo(dir.resolve("coco/images/a.jpg"), new int[] {10, 10, 60, 60, 0xFF0000});
    Path file =
        Files.writeString(
            dir.resolve("coco/instances.json"),
            """
        {"images": [{"id": 1, "file_name": "a.jpg", "width": 120, "height": 120}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 4, "bbox": [10, 10, 50, 50],
                          "iscrowd": 0}],
         "categories": [{"id": 4, "name": "jacket"}]}
        """);

    BtlRun run =
        BtlRun.of(
            "eval",
            "--data",
            file.toString(),
            "--detector",
            "gt",
            "--embedder",
            "histogram",
            "--threads",
            "1");

    assertThat(run.rc()).as(run.err()).isZero();
    assertThat(run.err()).contains("no shop photos; measuring detection only");
    assertThat(run.out()).containsPattern("outerwear +0 +0 +- +- +- +- +- +- +1\\.000");
    assertThat(run.out()).doesNotContain("Baseline");
  }

  @Test
  void aFolderOfNoKnownFormatIsOneSentence() throws IOException {
    Files.createDirectories(dir.resolve("empty"));

    BtlRun run = BtlRun.of("eval", "--data", dir.resolve("empty").toString());

    assertThat(run.rc()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("btl eval: --data")
        .contains("neither a street2shop")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }
}
