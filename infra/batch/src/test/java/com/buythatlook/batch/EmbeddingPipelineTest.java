package com.buythatlook.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.embed.ColourHistogramEmbedder;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Embedder;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class EmbeddingPipelineTest {
  private final List<Product> products = new ArrayList<>();
  private final List<byte[]> images = new ArrayList<>();

  EmbeddingPipelineTest() throws Exception {
    for (int i = 0; i < 7; i++) {
      String name = "images/" + i + ".jpg";
      products.add(new Product("p" + i, Category.TOPS, "t", "b", 1, "EUR", "c", "solid", name));
      if (i == 3) {
        images.add("<html>not an image</html>".getBytes(StandardCharsets.UTF_8));
        continue;
      }
      BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
      var g = img.createGraphics();
      g.setColor(Color.getHSBColor(i / 7f, 0.9f, 0.8f));
      g.fillRect(5, 5, 30, 20);
      g.dispose();
      ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
      TestImages.writeJpeg(img, 0.9f, jpeg);
      images.add(jpeg.toByteArray());
    }
  }

  @Test
  void preparesOnTheWorkersEmbedsInBatchesOnTheCallerAndListsUndecodableImages() throws Exception {
    Recording embedder = new Recording(new ColourHistogramEmbedder());
    Map<Product, float[]> vectors = new HashMap<>();
    List<Failure> failures;
    try (EmbeddingPipeline pipeline =
        new EmbeddingPipeline(embedder, IndexJob.servingDecoder(), 2, 2)) {
      failures = pipeline.embed(products, images, vectors);
      assertThat(pipeline.decodeSeconds()).isPositive();
      assertThat(pipeline.inferenceSeconds()).isPositive();
    }

    assertThat(failures)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.productId()).isEqualTo("p3");
              assertThat(f.reason()).startsWith("image could not be decoded: ");
            });
    assertThat(vectors).hasSize(6).doesNotContainKey(products.get(3));
    ColourHistogramEmbedder reference = new ColourHistogramEmbedder();
    for (int i = 0; i < products.size(); i++) {
      if (i != 3) {
        RgbImage decoded = TestImages.decode(images.get(i), products.get(i).image());
        assertThat(vectors.get(products.get(i))).isEqualTo(reference.embed(decoded));
      }
    }
    // batches of at most 2, each product once; the model ran on this thread only, the resize
    // and histogram on the workers
    assertThat(embedder.batches).allSatisfy(n -> assertThat(n).isBetween(1, 2));
    assertThat(embedder.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    assertThat(embedder.embedThreads).containsExactly(Thread.currentThread().getName());
    assertThat(embedder.prepareThreads).containsOnly("index-decode");
  }

  @Test
  void aPrepareFailureFailsTheRunInsteadOfThatProduct() {
    Embedder broken =
        new Recording(new ColourHistogramEmbedder()) {
          @Override
          public float[] prepare(RgbImage crop) {
            throw new IllegalStateException("model input of the wrong size");
          }
        };
    try (EmbeddingPipeline pipeline =
        new EmbeddingPipeline(broken, IndexJob.servingDecoder(), 2, 4)) {
      assertThatThrownBy(() -> pipeline.embed(products, images, new HashMap<>()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("model input of the wrong size");
    }
  }

  /** The real embedder, noting batch sizes and the threads each step ran on. */
  private static class Recording implements Embedder {
    final Embedder real;
    final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
    final Set<String> embedThreads = ConcurrentHashMap.newKeySet();
    final Set<String> prepareThreads = ConcurrentHashMap.newKeySet();

    Recording(Embedder real) {
      this.real = real;
    }

    @Override
    public float[] prepare(RgbImage crop) {
      prepareThreads.add(Thread.currentThread().getName());
      return real.prepare(crop);
    }

    @Override
    public float[][] embedPrepared(List<float[]> prepared) {
      embedThreads.add(Thread.currentThread().getName());
      batches.add(prepared.size());
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
