package com.buythatlook.cli.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.Btl;
import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code btl index} as a user runs it: the options reach the batch job (infra/batch, tested there)
 * and its outcome comes back as the summary, or as one sentence and exit status 2.
 */
class IndexCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int btl(String... args) {
    CommandLine cl = Btl.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private Path catalog(int products) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("images"));
    Files.createDirectories(data.resolve("catalog"));
    ObjectMapper json = new ObjectMapper();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < products; i++) {
      BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = img.createGraphics();
      g.setColor(Color.getHSBColor(i / (float) products, 0.8f, 0.9f));
      g.fillRect(0, 0, 32, 32);
      g.dispose();
      Images.writeJpeg(img, 0.9f, data.resolve("images/" + i + ".jpg"));
      lines
          .append(
              json.writeValueAsString(
                  new Product(
                      "p" + i,
                      Category.HATS,
                      "t",
                      "b",
                      5,
                      "EUR",
                      "c",
                      "solid",
                      "images/" + i + ".jpg")))
          .append('\n');
    }
    Files.writeString(data.resolve("catalog/products.jsonl"), lines);
    return data;
  }

  @Test
  void indexesACatalogAndPrintsTheSummary() throws Exception {
    Path data = catalog(5);
    Path index = dir.resolve("index");

    int rc =
        btl(
            "index",
            "--catalog",
            data.toString(),
            "--out",
            index.toString(),
            "--embedder",
            "histogram",
            "--chunk",
            "2",
            "--workers",
            "1");

    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(": 5 products, 5 embedded, 0 reused from --base, 0 chunks resumed, 0 failed")
        .contains("summed over 1 workers");
    assertThat(err.toString()).contains("index: 5 products in 1 categories").contains("(3 chunks");
    String version = Files.readString(index.resolve("index/CURRENT")).strip();
    assertThat(out.toString()).startsWith("version " + version + ":");

    // the same command again: the version is published, nothing is done
    out.getBuffer().setLength(0);
    assertThat(
            btl(
                "index",
                "--catalog",
                data.toString(),
                "--out",
                index.toString(),
                "--embedder",
                "histogram",
                "--chunk",
                "2"))
        .isZero();
    assertThat(out.toString()).contains(version + " is already published in " + index);
  }

  @Test
  void usageMistakesAreOneSentenceAndExitTwo() throws Exception {
    Path data = catalog(1);

    int share =
        btl(
            "index",
            "--catalog",
            data.toString(),
            "--out",
            dir.resolve("o").toString(),
            "--embedder",
            "histogram",
            "--max-failed-share",
            "2");
    int embedder =
        btl(
            "index",
            "--catalog",
            data.toString(),
            "--out",
            dir.toString(),
            "--embedder",
            dir.resolve("nowhere").toString());
    int folder =
        btl(
            "index",
            "--catalog",
            dir.resolve("nowhere").toString(),
            "--out",
            dir.toString(),
            "--embedder",
            "histogram");

    assertThat(new int[] {share, embedder, folder}).containsOnly(2);
    assertThat(err.toString().lines().toList())
        .containsExactly(
            "btl index: --max-failed-share must be between 0 and 1; got 2.0",
            "btl index: --embedder '"
                + dir.resolve("nowhere")
                + "' is neither a built-in name (histogram, default) nor a model folder",
            "btl index: --catalog "
                + dir.resolve("nowhere")
                + " is not a folder (or an s3://bucket/prefix)");
  }
}
