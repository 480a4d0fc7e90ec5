package com.buythatlook.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeepFashion2's per-image annotation files, written here as the real archive has them. */
class DeepFashion2ReaderTest {

  @TempDir Path root;

  private void write(Path split, String stem, String json) throws IOException {
    Files.createDirectories(split.resolve("annos"));
    Files.createDirectories(split.resolve("image"));
    Files.writeString(split.resolve("annos/" + stem + ".json"), json);
    Files.write(split.resolve("image/" + stem + ".jpg"), new byte[] {1}); // only its presence
  }

  private void smallSet(Path split) throws IOException {
    // a user image: a query (style 1), an item without a shop match (style 0)
    write(
        split,
        "000001",
        "{\"source\": \"user\", \"pair_id\": 7, \"item1\": {\"category_id\":"
            + " 1, \"category_name\": \"short sleeve top\", \"bounding_box\": [10, 20, 50, 80],"
            + " \"style\": 1, \"segmentation\": [[10, 20, 50, 20, 50, 80, 10, 80]], \"occlusion\":"
            + " 1}, \"item2\": {\"category_id\": 8, \"bounding_box\": [5, 90, 60, 190], \"style\":"
            + " 0}}");
    // a shop image of the same pair: the matching item and another style of the pair
    write(
        split,
        "000002",
        "{\"source\": \"shop\", \"pair_id\": 7, \"item1\": {\"category_id\":"
            + " 1, \"bounding_box\": [0, 0, 40, 40], \"style\": 1}, \"item2\": {\"category_id\": 12,"
            + " \"bounding_box\": [0, 40, 40, 100], \"style\": 2}}");
  }

  @Test
  void userItemsWithAStyleAreQueriesAndShopItemsTheGalleryByPairAndStyle() throws IOException {
    Path split = root.resolve("validation");
    smallSet(split);

    Street2ShopDataset ds = DeepFashion2Reader.open(root, Split.TEST);

    assertThat(ds.format()).isEqualTo("deepfashion2");
    assertThat(ds.hasRetrieval()).isTrue();
    List<StreetItem> tops = ds.pairs(Split.TEST, Category.TOPS);
    // the user query and the shop item (detection ground truth only)
    assertThat(tops).extracting(StreetItem::photoId).containsExactly(1L, 2L);
    assertThat(tops.get(0).productId()).isEqualTo(7001);
    assertThat(tops.get(0).isQuery()).isTrue();
    assertThat(tops.get(0).bbox()).isEqualTo(new Box(10, 20, 40, 60));
    assertThat(tops.get(0).mask()).isNotNull();
    assertThat(tops.get(1).isQuery()).isFalse();
    StreetItem trousers = ds.pairs(Split.TEST, Category.PANTS).get(0);
    assertThat(trousers.isQuery()).as("style 0 has no shop match").isFalse();
    assertThat(ds.gallery(Split.TEST, Category.TOPS))
        .containsExactly(new ShopPhoto(2, 7001, Category.TOPS, new Box(0, 0, 40, 40)));
    assertThat(ds.gallery(Split.TEST, Category.DRESSES))
        .containsExactly(new ShopPhoto(2, 7002, Category.DRESSES, new Box(0, 40, 40, 60)));
    assertThat(ds.image(1)).contains(split.resolve("image/000001.jpg"));
    assertThat(ds.pairs(Split.TRAIN, Category.TOPS)).isEmpty();
  }

  @Test
  void aSplitFolderCanBeGivenDirectlyAndAMissingImageIsCounted() throws IOException {
    smallSet(root);
    Files.writeString(
        root.resolve("annos/000003.json"),
        "{\"source\": \"user\", \"pair_id\": 1,"
            + " \"item1\": {\"category_id\": 9, \"bounding_box\": [0, 0, 5, 5], \"style\": 1}}");

    Street2ShopDataset ds = DeepFashion2Reader.open(root, Split.TRAIN);

    assertThat(ds.pairs(Split.TRAIN, Category.TOPS)).hasSize(2);
    assertThat(ds.pairs(Split.TRAIN, Category.SKIRTS)).isEmpty();
    assertThat(ds.skipped()).containsEntry("image missing", 1);
  }

  @Test
  void aBadCategoryIdIsNamedWithItsFile() throws IOException {
    write(
        root,
        "000004",
        "{\"source\": \"user\", \"pair_id\": 1, \"item1\": {\"category_id\":"
            + " 14, \"bounding_box\": [0, 0, 5, 5], \"style\": 1}}");

    assertThatThrownBy(() -> DeepFashion2Reader.open(root, Split.TEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("000004.json: item1 has category_id 14; expected 1..13");
  }

  @Test
  void noSplitFolderSaysWhereItLooked() {
    assertThat(DeepFashion2Reader.looksLike(root)).isFalse();
    assertThatThrownBy(() -> DeepFashion2Reader.open(root, Split.TEST))
        .hasMessageContaining("no DeepFashion2 split at")
        .hasMessageContaining("validation");
  }
}
