package com.buythatlook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.BtlRun;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code btl generate --backgrounds DIR}: scenes composed over the photographs of a folder. The
 * photographs here are textured magenta pictures written by the test, so that the share of magenta
 * pixels in the street photos shows where the scenery came from.
 */
class RealBackgroundsTest {
  private static final String[] TINY = {
    "generate", "--products-per-category", "3", "--street-photos", "12", "--seed", "5"
  };

  @TempDir static Path tmp;
  static Path photos;

  @BeforeAll
  static void writePhotographs() throws IOException {
    photos = Files.createDirectories(tmp.resolve("photos"));
    Random r = new Random(1);
    for (int k = 0; k < 3; k++) {
      BufferedImage img = new BufferedImage(640 + 100 * k, 480, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          int v = r.nextInt(40);
          img.setRGB(x, y, ((215 + v) << 16) | (20 + v / 2) << 8 | (200 + v));
        }
      }
      ImageIO.write(img, "jpg", photos.resolve("p" + k + ".jpg").toFile());
    }
    Files.writeString(photos.resolve("notes.txt"), "not a photograph: ignored");
  }

  @Test
  void scenesAreComposedOverThePhotographsAndStayDeterministic() throws IOException {
    BtlRun synthetic = btl("--out", tmp.resolve("synthetic").toString());
    BtlRun real = btl("--out", tmp.resolve("real").toString(), "--backgrounds", photos.toString());
    BtlRun again =
        btl(
            "--out",
            tmp.resolve("again").toString(),
            "--backgrounds",
            photos.toString(),
            "--threads",
            "3");
    assertThat(synthetic.rc()).as(synthetic.err()).isZero();
    assertThat(real.rc()).as(real.err()).isZero();
    assertThat(again.rc()).as(again.err()).isZero();
    assertThat(real.err()).contains("over 3 real photographs");

    assertThat(magentaShare(tmp.resolve("synthetic"))).isLessThan(0.05);
    assertThat(magentaShare(tmp.resolve("real"))).isGreaterThan(0.25);
    for (Path f : streetPhotos(tmp.resolve("real"))) {
      Path twin = tmp.resolve("again/images").resolve(f.getFileName());
      assertThat(Files.readAllBytes(twin)).as(f.toString()).isEqualTo(Files.readAllBytes(f));
    }
  }

  @Test
  void aShareOfZeroKeepsTheSyntheticScenery() throws IOException {
    BtlRun r =
        btl(
            "--out",
            tmp.resolve("share0").toString(),
            "--backgrounds",
            photos.toString(),
            "--background-share",
            "0");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(magentaShare(tmp.resolve("share0"))).isLessThan(0.05);
  }

  @Test
  void aFolderWithoutPhotographsIsRefusedInOneSentence() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    BtlRun r = btl("--out", tmp.resolve("x").toString(), "--backgrounds", empty.toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("holds no .jpg or .png photograph", "collect_backgrounds.sh");
    assertThat(r.err()).doesNotContain("Exception");

    BtlRun noDir = btl("--out", tmp.resolve("y").toString(), "--background-share", "0.5");
    assertThat(noDir.rc()).isEqualTo(2);
    assertThat(noDir.err()).contains("--background-share needs --backgrounds");
  }

  private static List<Path> streetPhotos(Path data) throws IOException {
    try (Stream<Path> s = Files.list(data.resolve("images"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("5")).sorted().toList();
    }
  }

  /** Share of clearly magenta pixels over all street photos of a data set. */
  private static double magentaShare(Path data) throws IOException {
    long magenta = 0;
    long all = 0;
    for (Path f : streetPhotos(data)) {
      BufferedImage img = ImageIO.read(f.toFile());
      for (int y = 0; y < img.getHeight(); y += 2) {
        for (int x = 0; x < img.getWidth(); x += 2) {
          int p = img.getRGB(x, y);
          int r = (p >> 16) & 0xFF;
          int g = (p >> 8) & 0xFF;
          int b = p & 0xFF;
          if (r > g + 60 && b > g + 60) {
            magenta++;
          }
          all++;
        }
      }
    }
    return magenta / (double) all;
  }

  private static BtlRun btl(String... extra) {
    return BtlRun.of(Stream.concat(Stream.of(TINY), Stream.of(extra)).toArray(String[]::new));
  }
}
