package com.buythatlook.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on hand-written lines in the real street2shop format (ids, URLs, bbox, retrieval). */
class Street2ShopReaderTest {

  @TempDir Path root;

  private void realFiles() throws IOException {
    Path meta = Files.createDirectories(root.resolve("meta/json"));
    // Lines as the real archive has them: key order varies, no segmentation, http URLs.
    Files.writeString(
        meta.resolve("train_pairs_bags.json"),
        "[{\"photo\": 18633, \"product\": 3, \"bbox\": {\"width\": 145, \"top\": 323,"
            + " \"left\": 165, \"height\": 193}}, {\"photo\": 18634, \"product\": 3, \"bbox\":"
            + " {\"width\": 80, \"top\": 10, \"left\": 12, \"height\": 60}}]");
    Files.writeString(
        meta.resolve("test_pairs_bags.json"),
        "[{\"photo\": 20001, \"product\": 9, \"bbox\": {\"width\": 50, \"top\": 5, \"left\": 7,"
            + " \"height\": 40}}]");
    Files.writeString(
        meta.resolve("retrieval_bags.json"),
        "[{\"product\": 3, \"photo\": 1}, {\"product\": 3, \"photo\": 2},"
            + " {\"product\": 9, \"photo\": 5}, {\"product\": 9, \"photo\": 6}]");
    Files.writeString(meta.resolve("test_pairs_tops.json"), "[]");
    Path photos = Files.createDirectories(root.resolve("photos"));
    Files.writeString(
        photos.resolve("photos.txt"),
        "000000001,http://media.example.com/item/a.jpg\n"
            + "000000002,http://media.example.com/item/b.jpg\n"
            + "000000005,https://shop.example.com/c.png\n"
            + "000000006,http://dead.example.com/d.jpg\n"
            + "\n"
            + "000018633,http://street.example.com/e.jpg\n"
            + "000018634,http://street.example.com/f.jpg\n"
            + "000020001,http://street.example.com/g.jpg\n");
    // Images as btl fetch leaves them: some downloaded, some dead.
    Path images = Files.createDirectories(root.resolve("images"));
    for (String name :
        new String[] {
          "000000001.jpg", "000000002.jpg", "000000005.png", "000018633.jpg", "000020001.jpg"
        }) {
      Files.write(images.resolve(name), new byte[] {1});
    }
  }

  @Test
  void readsRealFormatAndSkipsAndCountsMissingImages() throws IOException {
    realFiles();

    Street2ShopDataset ds = Street2ShopDataset.open(root);

    assertThat(ds.pairs(Split.TRAIN, Category.BAGS))
        .containsExactly(
            new StreetItem(18633, 3, Category.BAGS, new Box(165, 323, 145, 193), null));
    assertThat(ds.pairs(Split.TEST, Category.BAGS))
        .extracting(StreetItem::photoId)
        .containsExactly(20001L);
    assertThat(ds.shopPhotos(Category.BAGS))
        .extracting(ShopPhoto::photoId)
        .containsExactly(1L, 2L, 5L);
    assertThat(ds.gallery(Split.TEST, Category.BAGS))
        .extracting(ShopPhoto::photoId)
        .containsExactly(5L);
    assertThat(ds.gallery(Split.TRAIN, Category.BAGS))
        .extracting(ShopPhoto::photoId)
        .containsExactly(1L, 2L);
    assertThat(ds.skipped())
        .containsEntry("street photo missing", 1)
        .containsEntry("shop photo missing", 1);
    assertThat(ds.skippedTotal()).isEqualTo(2);
    assertThat(ds.photoUris()).containsEntry(5L, "https://shop.example.com/c.png").hasSize(7);
    assertThat(ds.image(5)).contains(root.resolve("images/000000005.png"));
    assertThat(ds.pairs(Split.TRAIN, Category.TOPS)).isEmpty();
  }

  @Test
  void aFolderWithoutMetaSaysHowToMakeOne() {
    assertThatThrownBy(() -> Street2ShopDataset.open(root))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("meta/json")
        .hasMessageContaining("btl generate");
  }

  @Test
  void aRowWithoutABboxNamesTheFile() throws IOException {
    Path meta = Files.createDirectories(root.resolve("meta/json"));
    Files.writeString(meta.resolve("train_pairs_hats.json"), "[{\"photo\": 1, \"product\": 2}]");
    assertThatThrownBy(() -> Street2ShopDataset.open(root))
        .hasMessageContaining("train_pairs_hats.json")
        .hasMessageContaining("bbox");
  }

  @Test
  void truncatedJsonIsReportedAsSuch() throws IOException {
    Path meta = Files.createDirectories(root.resolve("meta/json"));
    Files.writeString(meta.resolve("retrieval_hats.json"), "[{\"product\": 3, \"pho");
    assertThatThrownBy(() -> Street2ShopDataset.open(root))
        .hasMessageContaining("retrieval_hats.json is not valid JSON");
  }

  @Test
  void photoLinesMustBeIdCommaUri() {
    assertThat(PhotoList.parse("000000042,http://x/y.jpg", "t"))
        .isEqualTo(new PhotoLine(42, "http://x/y.jpg"));
    assertThatThrownBy(() -> PhotoList.parse("http://x/y.jpg", "photos.txt line 3"))
        .hasMessageContaining("photos.txt line 3");
    assertThatThrownBy(() -> PhotoList.parse("abc,http://x", "t"))
        .hasMessageContaining("not a number");
  }
}
