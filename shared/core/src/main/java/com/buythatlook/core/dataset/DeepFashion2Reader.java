package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.Polygon;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a DeepFashion2 split: {@code annos/NNNNNN.json} per image, {@code image/NNNNNN.jpg} beside
 * it. Each annotation file holds {@code source} ({@code "user"} or {@code "shop"}), {@code pair_id}
 * and {@code item1 … itemN}, each with {@code category_id} (1..13), {@code bounding_box} [x1, y1,
 * x2, y2], {@code style} and {@code segmentation}.
 *
 * <p>Its consumer-to-shop retrieval protocol, with ground-truth boxes: every item of a user image
 * with {@code style > 0} is a query; the gallery is every item of the split's shop images; a query
 * hits when a retrieved shop item has its {@code pair_id} and {@code style}. So the product of an
 * item is {@code pair_id × 1000 + style}; a user item of style 0 is detection ground truth only.
 * Every item of every image (user and shop) is detection ground truth, as in DeepFashion2's
 * detection benchmark. Its 13 categories map onto the catalog's through {@link FashionClasses}.
 */
public final class DeepFashion2Reader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long STYLES = 1000;

  private DeepFashion2Reader() {}

  /** Whether {@code dir} looks like DeepFashion2: {@code annos/}, or a split folder holding it. */
  public static boolean looksLike(Path dir) {
    return Files.isDirectory(dir.resolve("annos"))
        || Files.isDirectory(dir.resolve("validation/annos"))
        || Files.isDirectory(dir.resolve("train/annos"));
  }

  /**
   * Reads {@code dir} (a split folder with {@code annos/} and {@code image/}) or, for a folder
   * holding DeepFashion2's {@code train/} and {@code validation/}, the one of {@code split} (test →
   * validation: the test set's annotations are not public). The items are the data set's {@code
   * split}.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static Street2ShopDataset open(Path dir, Split split) {
    Path splitDir = dir;
    if (!Files.isDirectory(dir.resolve("annos"))) {
      splitDir = dir.resolve(split == Split.TEST ? "validation" : "train");
      if (!Files.isDirectory(splitDir.resolve("annos"))) {
        throw new IllegalArgumentException(
            "no DeepFashion2 split at "
                + dir
                + ": expected "
                + dir.resolve("annos")
                + " or "
                + splitDir.resolve("annos"));
      }
    }
    Map<Long, Path> images = new LinkedHashMap<>();
    List<StreetItem> items = new ArrayList<>();
    Map<Category, List<ShopPhoto>> gallery = new EnumMap<>(Category.class);
    Map<String, Integer> skipped = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(splitDir.resolve("annos"))) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
      long photo;
      try {
        photo = Long.parseLong(stem);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file
                + ": DeepFashion2 names annotation files by the"
                + " image number, such as 000001.json");
      }
      Path image = splitDir.resolve("image").resolve(stem + ".jpg");
      if (!Files.isRegularFile(image)) {
        skipped.merge("image missing", 1, Integer::sum);
        continue;
      }
      JsonNode root;
      try {
        root = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
      }
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException(file + " must hold a JSON object");
      }
      String source = root.path("source").asText("");
      if (!source.equals("user") && !source.equals("shop")) {
        throw new IllegalArgumentException(
            file + ": 'source' is " + root.get("source") + "; expected \"user\" or \"shop\"");
      }
      long pair = root.path("pair_id").asLong(-1);
      images.put(photo, image);
      for (int n = 1; root.has("item" + n); n++) {
        JsonNode item = root.get("item" + n);
        String where = file + ": item" + n;
        int id = item.path("category_id").asInt(-1);
        Category c =
            FashionClasses.deepFashion2(id)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            where
                                + " has category_id "
                                + item.get("category_id")
                                + "; expected 1..13"));
        JsonNode b = item.get("bounding_box");
        if (b == null || !b.isArray() || b.size() != 4) {
          throw new IllegalArgumentException(
              where + " has bounding_box " + b + "; expected [x1, y1, x2, y2]");
        }
        Box box =
            Box.ofCorners(
                b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
        int style = item.path("style").asInt(0);
        long product = pair >= 0 && style > 0 ? pair * STYLES + style : StreetItem.NO_PRODUCT;
        if (source.equals("shop")) {
          // a shop item of style 0 matches no query but stays in the gallery, as a distractor
          gallery
              .computeIfAbsent(c, k -> new ArrayList<>())
              .add(
                  new ShopPhoto(
                      photo, pair >= 0 ? pair * STYLES + style : StreetItem.NO_PRODUCT, c, box));
          items.add(new StreetItem(photo, StreetItem.NO_PRODUCT, c, box, polygon(item)));
        } else {
          items.add(new StreetItem(photo, product, c, box, polygon(item)));
        }
      }
    }
    return Street2ShopDataset.inMemory(
        splitDir, "deepfashion2", images, Map.of(split, items), Map.of(split, gallery), skipped);
  }

  private static Polygon polygon(JsonNode item) {
    JsonNode seg = item.get("segmentation");
    if (seg == null
        || !seg.isArray()
        || seg.isEmpty()
        || !seg.get(0).isArray()
        || seg.get(0).size() < 6) {
      return null;
    }
    JsonNode poly = seg.get(0);
    double[] xy = new double[poly.size() - poly.size() % 2];
    for (int i = 0; i < xy.length; i++) {
      xy[i] = poly.get(i).asDouble();
    }
    return new Polygon(xy);
  }
}
