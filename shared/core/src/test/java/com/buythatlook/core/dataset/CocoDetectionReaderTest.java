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

/** A COCO-style detection file with Fashionpedia's category names, written here. */
class CocoDetectionReaderTest {

  @TempDir Path root;

  private Path file() throws IOException {
    Files.createDirectories(root.resolve("images"));
    Files.write(root.resolve("images/a.jpg"), new byte[] {1});
    Files.write(root.resolve("images/b.jpg"), new byte[] {1});
    return Files.writeString(
        root.resolve("instances_val.json"),
        """
        {"info": {}, "images": [{"id": 10, "file_name": "a.jpg", "width": 64, "height": 64},
          {"id": 11, "file_name": "b.jpg", "width": 64, "height": 64},
          {"id": 12, "file_name": "gone.jpg", "width": 64, "height": 64}],
         "annotations": [
          {"id": 1, "image_id": 10, "category_id": 0, "bbox": [1, 2, 30, 40], "iscrowd": 0,
           "segmentation": [[1, 2, 31, 2, 31, 42]], "area": 600},
          {"id": 2, "image_id": 10, "category_id": 31, "bbox": [1, 2, 5, 5], "iscrowd": 0},
          {"id": 3, "image_id": 11, "category_id": 23, "bbox": [0, 50, 10, 10], "iscrowd": 0},
          {"id": 4, "image_id": 11, "category_id": 23, "bbox": [0, 0, 64, 64], "iscrowd": 1},
          {"id": 5, "image_id": 12, "category_id": 23, "bbox": [0, 0, 8, 8], "iscrowd": 0}],
         "categories": [{"id": 0, "name": "shirt, blouse", "supercategory": "upperbody"},
          {"id": 23, "name": "shoe", "supercategory": "lowerbody"},
          {"id": 31, "name": "sleeve", "supercategory": "garment parts"}]}
        """);
  }

  @Test
  void boxesMapOntoCatalogCategoriesByNameAndPartsCrowdsAndMissingImagesAreCounted()
      throws IOException {
    Path file = file();

    assertThat(CocoDetectionReader.looksLike(file)).isTrue();
    Street2ShopDataset ds = CocoDetectionReader.open(file, null, Split.TEST);

    assertThat(ds.format()).isEqualTo("coco");
    assertThat(ds.hasRetrieval()).isFalse();
    assertThat(ds.pairs(Split.TEST, Category.TOPS))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.photoId()).isEqualTo(10);
              assertThat(i.bbox()).isEqualTo(new Box(1, 2, 30, 40));
              assertThat(i.isQuery()).isFalse();
              assertThat(i.mask()).isNotNull();
            });
    assertThat(ds.pairs(Split.TEST, Category.FOOTWEAR))
        .extracting(StreetItem::photoId)
        .containsExactly(11L);
    assertThat(ds.image(11)).contains(root.resolve("images/b.jpg").toAbsolutePath());
    assertThat(ds.skipped())
        .containsEntry("image missing", 1)
        .containsEntry("box of a missing image", 1)
        .containsEntry("crowd box", 1)
        .containsEntry("box of a category with no catalog category", 1);
  }

  @Test
  void anUnlistedCategoryIsNamed() throws IOException {
    Path file =
        Files.writeString(
            root.resolve("bad.json"),
            "{\"images\": [], \"annotations\":"
                + " [{\"id\": 9, \"image_id\": 1, \"category_id\": 5, \"bbox\": [0, 0, 1, 1]}],"
                + " \"categories\": []}");

    assertThatThrownBy(() -> CocoDetectionReader.open(file, null, Split.TEST))
        .hasMessageContaining("annotation 9 has category_id 5, which 'categories' does not list");
  }

  @Test
  void aJsonFileWithoutCocoArraysIsNotCoco() throws IOException {
    Path file = Files.writeString(root.resolve("other.json"), "{\"images\": []}");

    assertThat(CocoDetectionReader.looksLike(file)).isFalse();
    assertThatThrownBy(() -> CocoDetectionReader.open(file, null, Split.TEST))
        .hasMessageContaining("is not a COCO detection file: it has no 'annotations' array");
  }
}
