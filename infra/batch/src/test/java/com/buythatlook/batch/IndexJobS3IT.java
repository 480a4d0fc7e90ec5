package com.buythatlook.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.embed.ColourHistogramEmbedder;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.core.testing.MotoServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The batch job reading a catalog from one S3 prefix and publishing into another (moto_server). */
class IndexJobS3IT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @Test
  void indexesAnS3CatalogIntoAnS3Prefix() throws Exception {
    S3Client s3 = MOTO.s3();
    s3.createBucket(b -> b.bucket("catalog"));
    s3.createBucket(b -> b.bucket("images"));
    ObjectMapper json = new ObjectMapper();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
      var g = img.createGraphics();
      g.setColor(Color.getHSBColor(i / 12f, 0.8f, 0.9f));
      g.fillRect(4, 4, 24, 24);
      g.dispose();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      TestImages.writeJpeg(img, 0.9f, bytes);
      String key = "catalog/images/" + i + ".jpg";
      s3.putObject(
          b -> b.bucket("catalog").key("shop/" + key), RequestBody.fromBytes(bytes.toByteArray()));
      lines
          .append(
              json.writeValueAsString(
                  new Product(
                      "p" + i,
                      i < 6 ? Category.HATS : Category.BELTS,
                      "t",
                      "b",
                      5,
                      "EUR",
                      "c",
                      "solid",
                      key)))
          .append('\n');
    }
    s3.putObject(
        b -> b.bucket("catalog").key("shop/catalog/products.jsonl"),
        RequestBody.fromString(lines.toString(), StandardCharsets.UTF_8));

    S3BlobStore out = S3BlobStore.fromUri(s3, "s3://images/");
    IndexJob.Result r =
        new IndexJob(
                new IndexJob.Config(
                    S3BlobStore.fromUri(s3, "s3://catalog/shop"),
                    out,
                    null,
                    null,
                    2,
                    4,
                    5,
                    1 << 20,
                    true),
                new ColourHistogramEmbedder(),
                TestImages::decode,
                new PrintWriter(new StringWriter()),
                false)
            .run();

    assertThat(r.embedded()).isEqualTo(12);
    assertThat(
            new String(
                    s3.getObjectAsBytes(b -> b.bucket("images").key("index/CURRENT")).asByteArray(),
                    StandardCharsets.UTF_8)
                .strip())
        .isEqualTo(r.version());
    assertThat(
            s3.listObjectsV2(b -> b.bucket("images").prefix("index/" + r.version() + "/_work/"))
                .contents())
        .as("work files are removed once the version is published")
        .isEmpty();
    var snap = new IndexReader(out, Duration.ofSeconds(1), 1 << 20, null).snapshot();
    assertThat(snap.categories()).containsExactlyInAnyOrder(Category.HATS, Category.BELTS);
    float[] q =
        new ColourHistogramEmbedder()
            .embed(
                TestImages.decode(
                    s3.getObjectAsBytes(b -> b.bucket("catalog").key("shop/catalog/images/8.jpg"))
                        .asByteArray(),
                    "8"));
    assertThat(
            snap.search(
                    Category.BELTS, new float[][] {q}, 1, com.buythatlook.core.index.Filter.none())
                .get(0)
                .get(0)
                .productId())
        .isEqualTo("p8");
  }
}
