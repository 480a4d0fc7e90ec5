package com.buythatlook.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.Polygon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What DatasetWriter writes, Street2ShopDataset reads back unchanged. */
class DatasetRoundTripTest {

  @TempDir Path root;

  @Test
  void writerOutputReadsBackRowForRow() throws IOException {
    Polygon mask = new Polygon(new double[] {10.04, 20, 60, 20, 60, 90.26, 10, 90});
    StreetItem street =
        new StreetItem(500_000_001L, 7, Category.DRESSES, new Box(10, 20, 50, 70), mask);
    Product product =
        new Product(
            "7",
            Category.DRESSES,
            "Striped red dress",
            "Nordlys",
            59.9,
            "EUR",
            "red",
            "stripes",
            Layout.relativeJpeg(1));

    try (DatasetWriter w = new DatasetWriter(root)) {
      w.pair(Split.TEST, street);
      w.shopPhoto(new ShopPhoto(1, 7, Category.DRESSES));
      w.shopPhoto(new ShopPhoto(2, 7, Category.DRESSES));
      w.product(product);
      for (long id : new long[] {1, 2, 500_000_001L}) {
        Path img = Layout.imageFile(root, id, "jpg");
        Files.write(img, new byte[] {1});
        w.localPhoto(id, img);
      }
    }

    Street2ShopDataset ds = Street2ShopDataset.open(root);
    StreetItem read = ds.pairs(Split.TEST, Category.DRESSES).get(0);
    assertThat(read.photoId()).isEqualTo(500_000_001L);
    assertThat(read.bbox()).isEqualTo(street.bbox());
    // polygons are stored to a tenth of a pixel
    assertThat(read.mask()).isEqualTo(new Polygon(new double[] {10, 20, 60, 20, 60, 90.3, 10, 90}));
    assertThat(ds.gallery(Split.TEST, Category.DRESSES)).hasSize(2);
    assertThat(ds.products()).containsExactly(product);
    assertThat(ds.photoUris()).hasSize(3);
    assertThat(ds.skippedTotal()).isZero();
    // every category has its three files, even the empty ones
    for (Category c : Category.values()) {
      assertThat(Layout.retrievalFile(root, c)).exists();
      assertThat(Files.readString(Layout.pairsFile(root, Split.TRAIN, c)).strip()).startsWith("[");
    }
    assertThat(Files.readString(Layout.pairsFile(root, Split.TRAIN, Category.HATS)))
        .isEqualTo("[]\n");
  }
}
