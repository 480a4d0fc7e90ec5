package com.buythatlook.cli.eval;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.core.dataset.CocoDetectionReader;
import com.buythatlook.core.dataset.DeepFashion2Reader;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens {@code btl eval --data} in the format named by {@code --format}, or the one it has. */
final class DataSets {
  static final String AUTO = "auto";
  static final String STREET2SHOP = "street2shop";
  static final String DEEPFASHION2 = "deepfashion2";
  static final String COCO = "coco";

  private DataSets() {}

  static Street2ShopDataset open(Path data, String format, Path images, Split split) {
    String f = format.toLowerCase(Locale.ROOT);
    if (f.equals("btl")) {
      f = STREET2SHOP;
    }
    if (!Files.exists(data)) {
      throw new UserError(
          "--data "
              + data
              + " does not exist; create a data set with 'btl"
              + " generate --out "
              + data
              + "', or give a DeepFashion2 folder or a COCO JSON file");
    }
    if (f.equals(AUTO)) {
      f = detect(data);
    }
    if (images != null && !f.equals(COCO)) {
      throw new UserError(
          "--images is only read with a COCO file; the "
              + f
              + " format keeps its images in its own folders");
    }
    try {
      return switch (f) {
        case STREET2SHOP -> Street2ShopDataset.open(data);
        case DEEPFASHION2 -> DeepFashion2Reader.open(data, split);
        case COCO -> {
          if (images != null && !Files.isDirectory(images)) {
            throw new UserError("--images " + images + " is not a folder");
          }
          yield CocoDetectionReader.open(data, images, split);
        }
        default ->
            throw new UserError(
                "--format is '"
                    + format
                    + "'; expected auto,"
                    + " street2shop (or btl), deepfashion2 or coco");
      };
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** The format of {@code data}, from the files it holds. */
  static String detect(Path data) {
    if (Files.isRegularFile(data)) {
      if (CocoDetectionReader.looksLike(data)) {
        return COCO;
      }
      throw new UserError(
          "--data "
              + data
              + " is a file but not a COCO detection JSON (with"
              + " 'images', 'annotations' and 'categories'); give a data set folder or a COCO file");
    }
    if (Files.isDirectory(data.resolve(Layout.META_DIR))) {
      return STREET2SHOP;
    }
    if (DeepFashion2Reader.looksLike(data)) {
      return DEEPFASHION2;
    }
    throw new UserError(
        "--data "
            + data
            + " is neither a street2shop-layout data set (no "
            + Layout.META_DIR
            + ") nor DeepFashion2 (no annos/, validation/annos/ or train/annos/);"
            + " create one with 'btl generate --out "
            + data
            + "', or give a COCO JSON file");
  }
}
