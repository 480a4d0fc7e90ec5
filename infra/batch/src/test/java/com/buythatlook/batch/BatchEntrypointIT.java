package com.buythatlook.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch container's entrypoint (infra/batch/entrypoint.sh) run as the container runs it,
 * against the packaged btl-index.jar: there is no Docker engine here, so this is how the job is
 * tested.
 */
class BatchEntrypointIT {
  private static final Path ENTRYPOINT = Path.of("entrypoint.sh");
  private static final Path JAR = Path.of("target/btl-index.jar");

  @TempDir Path dir;

  private Process run(Path catalog, Path out) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", ENTRYPOINT.toString()).redirectErrorStream(true);
    pb.environment().put("BTL_JAR", JAR.toAbsolutePath().toString());
    pb.environment().put("BTL_EMBEDDER", "histogram");
    pb.environment().remove("BTL_CATALOG");
    pb.environment().remove("BTL_OUT");
    if (catalog != null) {
      pb.environment().put("BTL_CATALOG", catalog.toString());
      pb.environment().put("BTL_OUT", out.toString());
    }
    return pb.start();
  }

  @Test
  void indexesACatalogFolderFromTheEnvironment() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    Files.createDirectories(catalog.resolve("images"));
    Files.createDirectories(catalog.resolve("catalog"));
    StringBuilder lines = new StringBuilder();
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < 6; i++) {
      BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_3BYTE_BGR);
      var g = img.createGraphics();
      g.setColor(Color.getHSBColor(i / 6f, 1, 1));
      g.fillRect(0, 0, 24, 24);
      g.dispose();
      TestImages.writeJpeg(img, 0.9f, catalog.resolve("images/" + i + ".jpg"));
      lines
          .append(
              json.writeValueAsString(
                  new Product(
                      "p" + i,
                      Category.FOOTWEAR,
                      "t",
                      "b",
                      3,
                      "EUR",
                      "c",
                      "solid",
                      "images/" + i + ".jpg")))
          .append('\n');
    }
    Files.writeString(catalog.resolve("catalog/products.jsonl"), lines);
    Path out = dir.resolve("out");

    Process p = run(catalog, out);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("6 embedded");
    assertThat(out.resolve("index/CURRENT")).exists();
  }

  @Test
  void withoutLocationsItSaysWhatToSetAndExitsTwo() throws Exception {
    Process p = run(null, null);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output).contains("set BTL_CATALOG and BTL_OUT");
  }
}
