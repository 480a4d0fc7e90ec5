package com.buythatlook.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.BtlRun;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code btl eval --negatives DIR}: the shipped detector on pictures in which nobody stands. */
class FalseAlarmsTest {
  @TempDir Path dir;

  @Test
  void countsKeptItemsOnEveryPhotographAndEachOfItsCrops() throws Exception {
    // given: a grey wall and a noisy texture, neither with anyone in it
    Path negatives = Files.createDirectories(dir.resolve("negatives"));
    BufferedImage grey = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
    BufferedImage noise = new BufferedImage(500, 700, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(3);
    for (int y = 0; y < 700; y++) {
      for (int x = 0; x < 600; x++) {
        if (y < 400) {
          grey.setRGB(x, y, 0x808080);
        }
        if (x < 500) {
          noise.setRGB(x, y, r.nextInt(0x1000000));
        }
      }
    }
    ImageIO.write(grey, "png", negatives.resolve("grey.png").toFile());
    ImageIO.write(noise, "jpg", negatives.resolve("noise.jpg").toFile());

    // when
    BtlRun run =
        BtlRun.of(
            "eval",
            "--negatives",
            negatives.toString(),
            "--negative-crops",
            "2",
            "--negatives-out",
            dir.resolve("drawn").toString());

    // then: 2 photographs × (whole + 2 crops)
    assertThat(run.rc()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("false alarms on 6 images (2 photographs without people")
        .containsPattern("false_alarm_images=6 false_alarm_items=\\d+ per_image=[0-9.]+");
    assertThat(run.err()).contains("negatives 2/2 noise.jpg");
  }

  @Test
  void withoutDataOrNegativesItSaysWhatToGive() {
    BtlRun run = BtlRun.of("eval");
    assertThat(run.rc()).isEqualTo(2);
    assertThat(run.err()).contains("--data DIR", "--negatives DIR");
  }

  @Test
  void aMissingNegativesFolderIsRefusedBeforeAnyModelLoads() {
    BtlRun run = BtlRun.of("eval", "--negatives", dir.resolve("nope").toString());
    assertThat(run.rc()).isEqualTo(2);
    assertThat(run.err()).contains("is not a folder", "collect_backgrounds.sh");
  }
}
