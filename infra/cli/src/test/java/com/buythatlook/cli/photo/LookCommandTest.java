package com.buythatlook.cli.photo;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.Btl;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code btl look} with the tiny fixture models of the vision library (module shared/vision),
 * whose detector outputs a fixed tensor: on a 128×64 photo it finds tops 0.90, skirts 0.85,
 * footwear 0.70, tops 0.60.
 */
class LookCommandTest {

  /** The repository's root: this module is infra/cli. */
  private static final Path REPOSITORY =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().getParent();

  private static final Path FIXTURES =
      REPOSITORY.resolve("shared").resolve("vision/src/test/resources/models");

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int btl(String... args) {
    CommandLine cl = Btl.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private Path photo(int width, int height) throws Exception {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Path file = tmp.resolve("street.png");
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  @Test
  void printsTheKeptItemsAndDrawsThem() throws Exception {
    Path picture = tmp.resolve("look.png");

    int status =
        btl(
            "look",
            photo(128, 64).toString(),
            "--detector",
            FIXTURES.resolve("yolov8").toString(),
            "--embedder",
            FIXTURES.resolve("embedder").toString(),
            "--out",
            picture.toString(),
            "--min-score",
            "0.65");

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "street.png: 128×64 pixels; test-yolov8@1 found 4 item(s), 3 kept"
                + " (score ≥ 0.65, best per category)")
        .containsPattern("1  tops\\s+0\\.90  30, 18, 20 × 20")
        .containsPattern("2  skirts\\s+0\\.85  30, 18, 20 × 20")
        .containsPattern("3  footwear\\s+0\\.70  88, 36, 24 × 24")
        .contains("embedded 3 crop(s) with test-embedder@1: 4-d unit vectors")
        .contains("wrote " + picture);
    // the 128×64 photo is shown at 480×240; three 160-pixel crops need three columns
    BufferedImage drawn = ImageIO.read(picture.toFile());
    assertThat(drawn.getWidth()).isEqualTo(12 + 480 + 12 + 3 * (160 + 12));
    assertThat(drawn.getHeight()).isEqualTo(240 + 2 * 12);
  }

  @Test
  void theDefaultThresholdIsTheServices() throws Exception {
    btl(
        "look", photo(128, 64).toString(),
        "--detector", FIXTURES.resolve("yolov8").toString(),
        "--embedder", FIXTURES.resolve("embedder").toString(),
        "--out", tmp.resolve("x.png").toString());

    assertThat(out.toString()).contains("2 kept (score ≥ 0.75").doesNotContain("footwear");
  }

  @Test
  void aMissingModelFolderIsAUserError() throws Exception {
    int status =
        btl(
            "look",
            photo(8, 8).toString(),
            "--detector",
            tmp.resolve("nope").toString(),
            "--embedder",
            FIXTURES.resolve("embedder").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("btl look: --detector " + tmp.resolve("nope") + " is not a folder");
  }

  @Test
  void aFolderWithoutAManifestOrABadPhotoIsAUserError() throws Exception {
    assertThat(
            btl(
                "look",
                photo(8, 8).toString(),
                "--detector",
                tmp.toString(),
                "--embedder",
                FIXTURES.resolve("embedder").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no model.json in " + tmp);

    Path text = Files.writeString(tmp.resolve("notes.jpg"), "not a photo");
    assertThat(
            btl(
                "look",
                text.toString(),
                "--detector",
                FIXTURES.resolve("yolov8").toString(),
                "--embedder",
                FIXTURES.resolve("embedder").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains(text + ": the file is not an image");
  }

  @Test
  void helpExplainsTheOptionsWithAnExample() {
    assertThat(btl("look", "--help")).isZero();

    assertThat(out.toString())
        .contains(
            "--detector=DIR",
            "--embedder=DIR",
            "--out=FILE.png",
            "--min-score=SCORE",
            "Example:",
            "btl look street.jpg --out street-look.png");
  }

  @Test
  void theDefaultPictureIsNamedAfterThePhoto() {
    assertThat(LookCommand.defaultOut(Path.of("/photos/street.1.jpg")))
        .isEqualTo(Path.of("street.1-look.png"));
    assertThat(LookCommand.defaultOut(Path.of("noext"))).isEqualTo(Path.of("noext-look.png"));
  }
}
