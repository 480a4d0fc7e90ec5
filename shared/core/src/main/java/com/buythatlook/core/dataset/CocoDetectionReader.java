package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.Polygon;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a COCO-style detection file (Fashionpedia, iMaterialist-Fashion): {@code images} [{id,
 * file_name}], {@code annotations} [{image_id, category_id, bbox [x, y, w, h], iscrowd}] and {@code
 * categories} [{id, name}]. Each category maps onto a catalog category by its name ({@link
 * FashionClasses#categoryOf}); annotations of categories that map to none (garment parts, ties,
 * umbrellas) and crowd boxes are left out and counted. Every box is detection ground truth; a COCO
 * file has no shop photos, so it measures detection only.
 */
public final class CocoDetectionReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CocoDetectionReader() {}

  /** Whether {@code file} is a JSON file with COCO's three top-level arrays (read in full). */
  public static boolean looksLike(Path file) {
    if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".json")) {
      return false;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      return root != null
          && root.path("images").isArray()
          && root.path("annotations").isArray()
          && root.path("categories").isArray();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * @param file the annotation JSON
   * @param imageDir where {@code file_name} is looked up; null: beside the JSON file, then in an
   *     {@code images/} folder beside it
   * @param split the split the boxes are put in
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static Street2ShopDataset open(Path file, Path imageDir, Split split) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    for (String key : List.of("images", "annotations", "categories")) {
      if (root == null || !root.path(key).isArray()) {
        throw new IllegalArgumentException(
            file + " is not a COCO detection file: it has no '" + key + "' array");
      }
    }
    Map<Long, Optional<Category>> categories = new HashMap<>();
    for (JsonNode c : root.get("categories")) {
      categories.put(c.path("id").asLong(), FashionClasses.categoryOf(c.path("name").asText("")));
    }
    Path parent = file.toAbsolutePath().getParent();
    List<Path> dirs =
        imageDir != null ? List.of(imageDir) : List.of(parent, parent.resolve("images"));
    Map<Long, Path> images = new LinkedHashMap<>();
    Map<String, Integer> skipped = new LinkedHashMap<>();
    for (JsonNode img : root.get("images")) {
      long id = img.path("id").asLong(-1);
      String name = img.path("file_name").asText("");
      if (id < 0 || name.isEmpty()) {
        throw new IllegalArgumentException(file + ": image without 'id' and 'file_name': " + img);
      }
      Path found = null;
      for (Path d : dirs) {
        Path p = d.resolve(name);
        if (Files.isRegularFile(p)) {
          found = p;
          break;
        }
      }
      if (found == null) {
        skipped.merge("image missing", 1, Integer::sum);
      } else {
        images.put(id, found);
      }
    }
    List<StreetItem> items = new ArrayList<>();
    for (JsonNode a : root.get("annotations")) {
      long image = a.path("image_id").asLong(-1);
      long cat = a.path("category_id").asLong(-1);
      if (!categories.containsKey(cat)) {
        throw new IllegalArgumentException(
            file
                + ": annotation "
                + a.path("id")
                + " has category_id "
                + cat
                + ", which 'categories' does not list");
      }
      if (!images.containsKey(image)) {
        skipped.merge("box of a missing image", 1, Integer::sum);
        continue;
      }
      if (a.path("iscrowd").asInt(0) == 1) {
        skipped.merge("crowd box", 1, Integer::sum);
        continue;
      }
      Optional<Category> c = categories.get(cat);
      if (c.isEmpty()) {
        skipped.merge("box of a category with no catalog category", 1, Integer::sum);
        continue;
      }
      JsonNode b = a.get("bbox");
      if (b == null || !b.isArray() || b.size() != 4) {
        throw new IllegalArgumentException(
            file
                + ": annotation "
                + a.path("id")
                + " has bbox "
                + b
                + "; expected [x, y, width, height]");
      }
      Box box =
          new Box(
              b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
      items.add(new StreetItem(image, StreetItem.NO_PRODUCT, c.get(), box, polygon(a)));
    }
    return Street2ShopDataset.inMemory(
        file, "coco", images, Map.of(split, items), Map.of(), skipped);
  }

  private static Polygon polygon(JsonNode a) {
    JsonNode seg = a.get("segmentation");
    if (seg == null
        || !seg.isArray()
        || seg.isEmpty()
        || !seg.get(0).isArray()
        || seg.get(0).size() < 6) {
      return null; // run-length masks are not read: boxes are what the evaluation needs
    }
    JsonNode poly = seg.get(0);
    double[] xy = new double[poly.size() - poly.size() % 2];
    for (int i = 0; i < xy.length; i++) {
      xy[i] = poly.get(i).asDouble();
    }
    return new Polygon(xy);
  }
}
