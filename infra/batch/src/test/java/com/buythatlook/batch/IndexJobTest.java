package com.buythatlook.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.embed.ColourHistogramEmbedder;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.index.IndexSnapshot;
import com.buythatlook.core.index.Match;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.storage.FileBlobStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Category[] CATS = {Category.TOPS, Category.BAGS, Category.SKIRTS};

  @TempDir Path catalog;
  @TempDir Path out;
  private final List<Product> products = new ArrayList<>();
  private final StringWriter log = new StringWriter();

  @BeforeEach
  void writeCatalog() throws IOException {
    Files.createDirectories(catalog.resolve("images"));
    for (int i = 0; i < 30; i++) {
      String image = "images/" + i + ".jpg";
      Category c = CATS[i % 3];
      products.add(
          new Product(
              "p" + i,
              c,
              "item " + i,
              i % 2 == 0 ? "Even" : "Odd",
              10 + i,
              "EUR",
              "c",
              "solid",
              image));
      // two-colour images with distinct hues so the histogram tells them apart
      TestImages.writeJpeg(
          picture(
              Color.getHSBColor(i / 30f, 0.9f, 0.9f),
              Color.getHSBColor(((i * 7) % 30) / 30f, 0.5f, 0.6f)),
          0.95f,
          catalog.resolve(image));
    }
    products.add(
        new Product("missing", Category.TOPS, "t", "b", 1, "EUR", "c", "p", "images/none.jpg"));
    products.add(
        new Product("corrupt", Category.BAGS, "t", "b", 1, "EUR", "c", "p", "images/bad.jpg"));
    Files.writeString(catalog.resolve("images/bad.jpg"), "<html>not an image</html>");
    writeProducts();
  }

  private void writeProducts() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Product p : products) {
      sb.append(JSON.writeValueAsString(p)).append('\n');
    }
    sb.append("{not json\n");
    Files.createDirectories(catalog.resolve("catalog"));
    Files.writeString(catalog.resolve("catalog/products.jsonl"), sb);
  }

  private static BufferedImage picture(Color a, Color b) {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(240, 240, 240));
    g.fillRect(0, 0, 64, 64);
    g.setColor(a);
    g.fillRect(12, 8, 40, 30);
    g.setColor(b);
    g.fillRect(12, 38, 40, 18);
    g.dispose();
    return img;
  }

  private IndexJob job(String version, String base, Embedder embedder, int chunk) {
    return new IndexJob(
        new IndexJob.Config(
            new FileBlobStore(catalog),
            new FileBlobStore(out),
            version,
            base,
            2,
            4,
            chunk,
            1 << 20,
            true,
            0.5), // this catalog has 3 bad entries of 33 on purpose
        embedder,
        TestImages::decode,
        new PrintWriter(log, true),
        false);
  }

  @Test
  void indexesTheCatalogAndEachProductFindsItself() throws IOException {
    IndexJob.Result r = job(null, null, new ColourHistogramEmbedder(), 4).run();

    assertThat(r.products()).isEqualTo(32);
    assertThat(r.embedded()).isEqualTo(30);
    assertThat(r.failures())
        .extracting(Failure::reason)
        .anyMatch(s -> s.equals("image missing"))
        .anyMatch(s -> s.startsWith("image could not be decoded"))
        .anyMatch(s -> s.contains("line 33 is not a valid product"));
    assertThat(Files.readString(out.resolve("index/CURRENT")).strip()).isEqualTo(r.version());
    assertThat(out.resolve("index/" + r.version() + "/report.json"))
        .content()
        .contains("image missing");
    assertThat(out.resolve("index/" + r.version() + "/_work")).doesNotExist();

    IndexSnapshot snap =
        new IndexReader(new FileBlobStore(out), Duration.ofSeconds(1), 1 << 24, null).snapshot();
    assertThat(snap.categories()).containsExactlyInAnyOrder(CATS);
    ColourHistogramEmbedder e = new ColourHistogramEmbedder();
    for (int i = 0; i < 30; i += 7) {
      RgbImage img = TestImages.read(catalog.resolve("images/" + i + ".jpg"));
      List<Match> m =
          snap.search(
                  CATS[i % 3],
                  new float[][] {e.embed(img)},
                  3,
                  com.buythatlook.core.index.Filter.none())
              .get(0);
      assertThat(m.get(0).productId()).isEqualTo("p" + i);
      assertThat(m.get(0).score()).isGreaterThan(0.999f);
    }
    // filters run inside the scan
    List<Match> odd =
        snap.search(
                Category.TOPS,
                new float[][] {e.embed(TestImages.read(catalog.resolve("images/0.jpg")))},
                6,
                new com.buythatlook.core.index.Filter(null, 30.0, Set.of("Odd")))
            .get(0);
    assertThat(odd)
        .isNotEmpty()
        .allSatisfy(
            m -> {
              assertThat(m.brand()).isEqualTo("Odd");
              assertThat(m.price()).isLessThanOrEqualTo(30f);
            });
  }

  @Test
  void readsTheBucketLayoutWithProductsBesideImages() throws IOException {
    // the bucket layout of docs/architecture.md: catalog/products.jsonl beside catalog/images/,
    // --catalog at catalog/
    Files.move(catalog.resolve("catalog/products.jsonl"), catalog.resolve("products.jsonl"));

    IndexJob.Result r = job(null, null, new ColourHistogramEmbedder(), 4).run();

    assertThat(r.embedded()).isEqualTo(30);
  }

  @Test
  void aKilledJobResumesWithoutReEmbeddingFinishedChunksAndCurrentNeverNamesItEarly()
      throws IOException {
    AtomicInteger images = new AtomicInteger();
    Embedder crashing = new CountingEmbedder(images, 5);
    assertThatThrownBy(() -> job("v1", null, crashing, 2).run())
        .hasMessageContaining("simulated crash");
    assertThat(out.resolve("index/CURRENT")).doesNotExist();
    assertThat(out.resolve(IndexKeys.manifest("v1"))).doesNotExist();

    int embeddedBeforeTheCrash = images.get();
    AtomicInteger second = new AtomicInteger();
    IndexJob.Result r = job("v1", null, new CountingEmbedder(second, Integer.MAX_VALUE), 2).run();

    // four chunks were finished before the crash; none of their images is embedded again
    assertThat(r.resumedChunks()).isEqualTo(4);
    assertThat(embeddedBeforeTheCrash).isBetween(6, 8);
    assertThat(second.get()).isEqualTo(30 - embeddedBeforeTheCrash);
    assertThat(r.embedded()).isEqualTo(second.get());
    assertThat(Files.readString(out.resolve("index/CURRENT")).strip()).isEqualTo("v1");

    // the resumed version holds exactly what a clean run writes
    Path clean = out.resolveSibling(out.getFileName() + "-clean");
    new IndexJob(
            new IndexJob.Config(
                new FileBlobStore(catalog),
                new FileBlobStore(clean),
                "v1",
                null,
                2,
                4,
                2,
                1 << 20,
                true,
                0.5),
            new ColourHistogramEmbedder(),
            TestImages::decode,
            new PrintWriter(log, true),
            false)
        .run();
    for (Category c : CATS) {
      assertThat(Files.readAllBytes(out.resolve(IndexKeys.shard("v1", c, 0))))
          .isEqualTo(Files.readAllBytes(clean.resolve(IndexKeys.shard("v1", c, 0))));
    }
  }

  @Test
  void incrementalRunReEmbedsOnlyChangedImages() throws IOException {
    IndexJob.Result first = job("v1", null, new ColourHistogramEmbedder(), 8).run();
    TestImages.writeJpeg(picture(Color.BLACK, Color.WHITE), 0.9f, catalog.resolve("images/4.jpg"));

    IndexJob.Result second = job("v2", "v1", new ColourHistogramEmbedder(), 8).run();

    assertThat(first.embedded()).isEqualTo(30);
    assertThat(second.embedded()).isEqualTo(1);
    assertThat(second.reused()).isEqualTo(29);
    IndexSnapshot snap =
        new IndexReader(new FileBlobStore(out), Duration.ofSeconds(1), 1 << 24, null).snapshot();
    assertThat(snap.manifest().version()).isEqualTo("v2");
    float[] q =
        new ColourHistogramEmbedder().embed(TestImages.read(catalog.resolve("images/4.jpg")));
    assertThat(
            snap.search(
                    Category.BAGS, new float[][] {q}, 1, com.buythatlook.core.index.Filter.none())
                .get(0)
                .get(0)
                .productId())
        .isEqualTo("p4");
  }

  @Test
  void everyVersionCarriesTheDetailsOfExactlyItsIndexedProducts() throws IOException {
    job("v1", null, new ColourHistogramEmbedder(), 8).run();
    // the next catalog: p4 costs more, p5 is gone
    products.removeIf(p -> p.productId().equals("p5"));
    products.replaceAll(
        p ->
            p.productId().equals("p4")
                ? new Product(
                    "p4",
                    p.category(),
                    p.title(),
                    p.brand(),
                    99.5,
                    p.currency(),
                    p.colour(),
                    p.pattern(),
                    p.image())
                : p);
    writeProducts();
    job("v2", "v1", new ColourHistogramEmbedder(), 8).run();

    IndexReader reader = new IndexReader(new FileBlobStore(out), Duration.ZERO, 1 << 24, null);
    IndexSnapshot snap = reader.snapshot();
    assertThat(snap.manifest().version()).isEqualTo("v2");
    assertThat(snap.hasProductDetails()).isTrue();
    // the products that failed (missing, corrupt image) have no row, and so no details either
    assertThat(snap.manifest().products().count()).isEqualTo(29);
    assertThat(snap.product("p4").orElseThrow().price()).isEqualTo(99.5);
    assertThat(snap.product("p5")).isEmpty();
    assertThat(snap.product("missing")).isEmpty();
    assertThat(snap.product("p7").orElseThrow().title()).isEqualTo("item 7");
    // the previous version still has what it had
    assertThat(out.resolve(IndexKeys.products("v1", 0))).content().contains("\"p5\"");
  }

  @Test
  void runningAPublishedVersionAgainDoesNothing() throws IOException {
    IndexJob.Result first = job(null, null, new ColourHistogramEmbedder(), 8).run();
    IndexJob.Result again = job(null, null, new ColourHistogramEmbedder(), 8).run();
    assertThat(again.alreadyPublished()).isTrue();
    assertThat(again.version()).isEqualTo(first.version());
  }

  @Test
  void aBaseOfAnotherDimensionIsRefused() throws IOException {
    job("v1", null, new ColourHistogramEmbedder(), 8).run();
    Embedder other =
        new Embedder() {
          @Override
          public float[] prepare(RgbImage crop) {
            return new float[] {1, 0, 0};
          }

          @Override
          public float[][] embedPrepared(List<float[]> in) {
            return in.toArray(float[][]::new);
          }

          @Override
          public int dimension() {
            return 3;
          }

          @Override
          public String name() {
            return "three";
          }
        };
    assertThatThrownBy(() -> job("v2", "v1", other, 8).run())
        .hasMessageContaining("re-index without --base");
  }

  @Test
  void aBaseEmbeddedByAnotherModelOfTheSameDimensionIsEmbeddedAgainNotMixed() throws IOException {
    job("v1", null, new ColourHistogramEmbedder(), 8).run();
    Embedder other = new ReversedHistogram();

    IndexJob.Result second = job("v2", "v1", other, 8).run();

    // the images are unchanged, but v1's vectors live in the histogram's space: none is reused
    assertThat(second.reused()).isZero();
    assertThat(second.embedded()).isEqualTo(30);
    assertThat(log.toString()).contains("re-embedding every product");
    IndexSnapshot snap =
        new IndexReader(new FileBlobStore(out), Duration.ofSeconds(1), 1 << 24, null).snapshot();
    assertThat(snap.manifest().modelName()).isEqualTo("histogram-reversed");
    float[] q = other.embed(List.of(TestImages.read(catalog.resolve("images/9.jpg"))))[0];
    List<Match> m =
        snap.search(CATS[0], new float[][] {q}, 1, com.buythatlook.core.index.Filter.none()).get(0);
    assertThat(m.get(0).productId()).isEqualTo("p9");
    assertThat(m.get(0).score()).isGreaterThan(0.999f);
  }

  @Test
  void aCatalogFolderOneLevelTooDeepPublishesNothingAndLeavesCurrentAlone() throws IOException {
    job("v1", null, new ColourHistogramEmbedder(), 8).run();

    // DATASET/catalog holds products.jsonl, but the images it names are under DATASET/images
    IndexJob wrong =
        new IndexJob(
            new IndexJob.Config(
                new FileBlobStore(catalog.resolve("catalog")),
                new FileBlobStore(out),
                "v2",
                null,
                2,
                4,
                8,
                1 << 20,
                true),
            new ColourHistogramEmbedder(),
            TestImages::decode,
            new PrintWriter(log, true),
            false);

    assertThatThrownBy(wrong::run)
        .isInstanceOf(NotPublished.class)
        .hasMessageContaining("no product was indexed")
        .hasMessageContaining("--catalog");
    assertThat(Files.readString(out.resolve("index/CURRENT")).strip()).isEqualTo("v1");
    assertThat(out.resolve(IndexKeys.manifest("v2"))).doesNotExist();

    // the same version from the right folder reads the images again: nothing failed is resumed
    IndexJob.Result fixed = job("v2", null, new ColourHistogramEmbedder(), 8).run();
    assertThat(fixed.resumedChunks()).isZero();
    assertThat(fixed.embedded()).isEqualTo(30);
    assertThat(Files.readString(out.resolve("index/CURRENT")).strip()).isEqualTo("v2");
  }

  @Test
  void moreFailuresThanTheAllowedShareLeaveCurrentAlone() throws IOException {
    job("v1", null, new ColourHistogramEmbedder(), 8).run();
    Files.delete(catalog.resolve("images/3.jpg"));
    Files.delete(catalog.resolve("images/5.jpg"));
    IndexJob.Config strict =
        new IndexJob.Config(
            new FileBlobStore(catalog),
            new FileBlobStore(out),
            "v2",
            null,
            2,
            4,
            8,
            1 << 20,
            true,
            0.1);

    // 5 of 33 entries fail: 15% > 10%
    assertThatThrownBy(
            () ->
                new IndexJob(
                        strict,
                        new ColourHistogramEmbedder(),
                        TestImages::decode,
                        new PrintWriter(log, true),
                        false)
                    .run())
        .hasMessageContaining("5 of 33 products failed")
        .hasMessageContaining("--max-failed-share");
    assertThat(Files.readString(out.resolve("index/CURRENT")).strip()).isEqualTo("v1");
    assertThat(out.resolve("index/v2/report.json")).content().contains("\"published\" : false");

    // at 20% the same run publishes
    job("v2", null, new ColourHistogramEmbedder(), 8).run();
    assertThat(Files.readString(out.resolve("index/CURRENT")).strip()).isEqualTo("v2");
  }

  /** The histogram with its dimensions in reverse order: the same size, another vector space. */
  private static final class ReversedHistogram implements Embedder {
    private final ColourHistogramEmbedder real = new ColourHistogramEmbedder();

    @Override
    public float[] prepare(RgbImage crop) {
      float[] r = real.prepare(crop);
      for (int i = 0, j = r.length - 1; i < j; i++, j--) {
        float t = r[i];
        r[i] = r[j];
        r[j] = t;
      }
      return r;
    }

    @Override
    public float[][] embedPrepared(List<float[]> prepared) {
      return real.embedPrepared(prepared);
    }

    @Override
    public int dimension() {
      return real.dimension();
    }

    @Override
    public String name() {
      return "histogram-reversed";
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /**
   * The real histogram embedder, counting the images it embeds, made to die like a killed process
   * at its {@code dieAt}-th batch.
   */
  private static final class CountingEmbedder implements Embedder {
    private final ColourHistogramEmbedder real = new ColourHistogramEmbedder();
    private final AtomicInteger images;
    private final int dieAt;
    private int calls;

    CountingEmbedder(AtomicInteger images, int dieAt) {
      this.images = images;
      this.dieAt = dieAt;
    }

    @Override
    public float[] prepare(RgbImage crop) {
      return real.prepare(crop);
    }

    @Override
    public float[][] embedPrepared(List<float[]> prepared) {
      if (++calls >= dieAt) {
        throw new IllegalStateException("simulated crash");
      }
      images.addAndGet(prepared.size());
      return real.embedPrepared(prepared);
    }

    @Override
    public int dimension() {
      return real.dimension();
    }

    @Override
    public String name() {
      return real.name();
    }
  }
}
