package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;
import java.nio.file.Path;
import java.util.List;

/**
 * Where things live in a data set folder. street2shop's own files, plus the catalog the index and
 * the API read:
 *
 * <pre>
 * meta/json/train_pairs_&lt;category&gt;.json   [{"photo", "product", "bbox": {left, top, width, height}}, …]
 * meta/json/test_pairs_&lt;category&gt;.json    same (the synthetic set adds "segmentation": [[x0, y0, …]])
 * meta/json/retrieval_&lt;category&gt;.json     [{"product", "photo"}, …]  shop photos of each product
 * photos.txt                               000000123,URI  one line per photo (street and shop)
 * images/000000123.jpg                     the photo itself (what btl fetch writes)
 * catalog/products.jsonl                   one Product per line
 * </pre>
 */
public final class Layout {
  public static final String META_DIR = "meta/json";
  public static final String PHOTOS_TXT = "photos.txt";

  /** Where the real street2shop archive keeps its photo list. */
  public static final String PHOTOS_TXT_ALT = "photos/photos.txt";

  public static final String IMAGES_DIR = "images";
  public static final String PRODUCTS_JSONL = "catalog/products.jsonl";
  public static final List<String> IMAGE_EXTENSIONS =
      List.of("jpg", "jpeg", "png", "webp", "gif", "bmp");

  private Layout() {}

  public static Path pairsFile(Path root, Split split, Category category) {
    return root.resolve(META_DIR).resolve(split.pairsFileName(category.wireName()));
  }

  public static Path retrievalFile(Path root, Category category) {
    return root.resolve(META_DIR).resolve("retrieval_" + category.wireName() + ".json");
  }

  /** street2shop writes photo ids zero-padded to nine digits. */
  public static String photoFileStem(long photoId) {
    return String.format("%09d", photoId);
  }

  /** The image path {@code btl generate} and {@code btl fetch} write for a photo. */
  public static Path imageFile(Path root, long photoId, String extension) {
    return root.resolve(IMAGES_DIR).resolve(photoFileStem(photoId) + "." + extension);
  }

  /** Relative path (with forward slashes) of a JPEG photo, as products.jsonl records it. */
  public static String relativeJpeg(long photoId) {
    return IMAGES_DIR + "/" + photoFileStem(photoId) + ".jpg";
  }
}
