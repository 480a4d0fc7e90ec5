package com.buythatlook.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.embed.ColourHistogramEmbedder;
import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.storage.FileBlobStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of {@code infra/bench/kill-resume.sh}: the index job in a child JVM is killed
 * with SIGKILL three times — twice while embedding, once as embedding ends (shards, manifest,
 * CURRENT) — and each time run again, while a reader polls CURRENT through {@code IndexReader}.
 * Every re-run must exit 0 with a version that verifies shard by shard and is byte-identical to a
 * clean run, skip exactly the chunks that were finished before the kill, and the reader must never
 * see an incomplete version.
 */
class IndexKillResumeIT {
  private static final Category[] CATS = {Category.TOPS, Category.BAGS, Category.FOOTWEAR};
  private static final int PER_CATEGORY = 16;

  @TempDir Path dir;

  @Test
  void killedThreeTimesEveryRerunCompletesAndNoReaderSeesAnIncompleteVersion() throws Exception {
    Path catalog = writeCatalog(dir.resolve("catalog"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    // kills 1 and 2 once a third and two thirds of the chunks are finished; kill 3 as soon as
    // the progress line says 100 %, i.e. while shards, manifest and CURRENT are being written
    KillResume.Planner planner =
        (n, c) ->
            n == 3
                ? new KillResume.Kill(KillResume.Trigger.AFTER_EMBEDDING, 0)
                : new KillResume.Kill(KillResume.Trigger.CHUNKS, n * c.chunks() / 3);
    KillResume.Config config =
        new KillResume.Config(
            List.of(
                KillResume.javaBinary().toString(),
                "-cp",
                System.getProperty("java.class.path"),
                IndexMain.class.getName()),
            catalog,
            dir.resolve("work"),
            3,
            "histogram",
            2,
            1,
            2,
            planner,
            new PrintStream(log, true, StandardCharsets.UTF_8),
            Duration.ofMinutes(2));

    KillResume.Summary s = KillResume.run(config);
    String report = log.toString(StandardCharsets.UTF_8) + s.line();
    System.out.println(report);

    assertThat(s.calibration().expectedRows()).as(report).isEqualTo(CATS.length * PER_CATEGORY);
    assertThat(s.calibration().failed()).as(report).isEqualTo(1);
    assertThat(s.trials()).hasSize(3);
    assertThat(s.completed()).as(report).isEqualTo(3);
    assertThat(s.incidents()).as(report).isEmpty();
    assertThat(s.polls()).as(report).isPositive();
    assertThat(s.trials())
        .as(report)
        .allSatisfy(
            t -> {
              assertThat(t.rerunExit()).isZero();
              assertThat(t.problems()).isEmpty();
              assertThat(t.identical()).isTrue();
              if (!t.alreadyPublished()) {
                assertThat(t.resumed()).isEqualTo(t.state().chunksDone());
                assertThat(t.workLeftAfter()).isFalse();
              }
            });
    // the two chunk-triggered kills land mid-embedding and their re-runs reuse finished chunks
    for (KillResume.Trial t : s.trials().subList(0, 2)) {
      assertThat(t.state().point()).as(report).isEqualTo("embedding");
      assertThat(t.resumed()).as(report).isPositive().isLessThan(s.calibration().chunks());
      assertThat(t.embedded())
          .as(report)
          .isEqualTo(s.calibration().expectedRows() - t.state().rowsDone());
    }
    assertThat(s.trials().get(2).state().point()).as(report).isIn("publishing", "published");
    assertThat(s.ok()).as(report).isTrue();
  }

  /**
   * The reader's check is not vacuous: it flags CURRENT naming a version without a manifest, a
   * corrupt shard, a missing shard and a version holding fewer rows than the catalog.
   */
  @Test
  void theReadersCheckFlagsEveryKindOfIncompleteVersion() throws Exception {
    Path catalog = writeCatalog(dir.resolve("catalog"));
    Path out = dir.resolve("out");
    FileBlobStore store = new FileBlobStore(out);
    new IndexJob(
            new IndexJob.Config(
                new FileBlobStore(catalog), store, "v1", null, 1, 8, 4, 1 << 20, true),
            new ColourHistogramEmbedder(),
            TestImages::decode,
            new PrintWriter(new StringWriter()),
            false)
        .run();
    int rows = CATS.length * PER_CATEGORY;
    assertThat(KillResume.readCurrent(store, rows)).isEqualTo(new KillResume.Read("v1", null));

    assertThat(KillResume.readCurrent(store, rows + 1).problem()).contains("holds 48 rows");

    Path shard = out.resolve(IndexKeys.shard("v1", Category.BAGS, 0));
    byte[] good = Files.readAllBytes(shard);
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 1;
    Files.write(shard, bad);
    assertThat(KillResume.readCurrent(store, rows).problem()).contains("checksum");
    Files.delete(shard);
    assertThat(KillResume.readCurrent(store, rows).problem()).contains("missing");
    Files.write(shard, good);

    Files.createDirectories(out.resolve("index/v2/bags"));
    Files.write(out.resolve(IndexKeys.shard("v2", Category.BAGS, 0)), good);
    Files.writeString(out.resolve(IndexKeys.CURRENT), "v2\n");
    assertThat(KillResume.readCurrent(store, rows))
        .satisfies(r -> assertThat(r.version()).isEqualTo("v2"))
        .satisfies(r -> assertThat(r.problem()).contains("no manifest"));
  }

  /** Three categories of noisy photos (slow enough to decode that a kill lands mid-chunk). */
  private static Path writeCatalog(Path root) throws Exception {
    Files.createDirectories(root.resolve("images"));
    Files.createDirectories(root.resolve("catalog"));
    ObjectMapper json = new ObjectMapper();
    Random rnd = new Random(7);
    StringBuilder lines = new StringBuilder();
    for (Category c : CATS) {
      for (int i = 0; i < PER_CATEGORY; i++) {
        String id = c.wireName() + "-" + i;
        String image = "images/" + id + ".jpg";
        BufferedImage img = new BufferedImage(320, 320, BufferedImage.TYPE_3BYTE_BGR);
        int base = rnd.nextInt(0xffffff);
        for (int y = 0; y < img.getHeight(); y++) {
          for (int x = 0; x < img.getWidth(); x++) {
            img.setRGB(x, y, base ^ (rnd.nextInt(64) * 0x010101));
          }
        }
        TestImages.writeJpeg(img, 0.92f, root.resolve(image));
        lines
            .append(
                json.writeValueAsString(
                    new Product(
                        id, c, "item " + i, "b" + (i % 3), 10 + i, "EUR", "c", "solid", image)))
            .append('\n');
      }
    }
    // one product without its image: reported, not indexed, never a reason to fail the job
    lines
        .append(
            json.writeValueAsString(
                new Product(
                    "lost", Category.TOPS, "t", "b", 1, "EUR", "c", "solid", "images/lost.jpg")))
        .append('\n');
    Files.writeString(root.resolve("catalog/products.jsonl"), lines);
    return root;
  }
}
