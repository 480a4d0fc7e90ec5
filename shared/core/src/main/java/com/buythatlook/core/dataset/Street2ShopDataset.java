package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.catalog.ProductsJsonl;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.Polygon;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a data set in street2shop's layout (see {@link Layout}): the real street2shop files or the
 * synthetic set {@code btl generate} writes. Rows whose photo has no image on disk are skipped and
 * counted, so a partial download is usable.
 */
public final class Street2ShopDataset {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path root;
  private final Map<Long, String> photoUris;
  private final Map<Long, Path> imageCache = new HashMap<>();
  private final Map<Split, Map<Category, List<StreetItem>>> pairs = new EnumMap<>(Split.class);
  private final Map<Category, List<ShopPhoto>> shopPhotos = new EnumMap<>(Category.class);
  private final Map<String, Integer> skipped = new LinkedHashMap<>();

  /** Galleries given by a reader of another format; null: derived from the split's pairs. */
  private Map<Split, Map<Category, List<ShopPhoto>>> galleries;

  private String format = "street2shop";

  private Street2ShopDataset(Path root, Map<Long, String> photoUris) {
    this.root = root;
    this.photoUris = photoUris;
  }

  /**
   * A data set read from another format (DeepFashion2, COCO) and held in memory, so that {@code btl
   * eval} measures it as it measures street2shop.
   *
   * @param format the format's name, for reports
   * @param images photo id → image file; only these photos exist
   * @param items per split, every annotated item (queries and detection ground truth)
   * @param galleries per split and category, the gallery that the split's queries are ranked
   *     against; empty for a detection-only data set
   * @param skipped rows left out while reading, by reason
   */
  static Street2ShopDataset inMemory(
      Path root,
      String format,
      Map<Long, Path> images,
      Map<Split, List<StreetItem>> items,
      Map<Split, Map<Category, List<ShopPhoto>>> galleries,
      Map<String, Integer> skipped) {
    Street2ShopDataset ds = new Street2ShopDataset(root, Map.of());
    ds.format = format;
    ds.imageCache.putAll(images);
    ds.skipped.putAll(skipped);
    ds.galleries = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      Map<Category, List<StreetItem>> byCategory = new EnumMap<>(Category.class);
      Map<Category, List<ShopPhoto>> gallery = new EnumMap<>(Category.class);
      for (Category c : Category.values()) {
        byCategory.put(c, new ArrayList<>());
        gallery.put(
            c, new ArrayList<>(galleries.getOrDefault(s, Map.of()).getOrDefault(c, List.of())));
        ds.shopPhotos.computeIfAbsent(c, k -> new ArrayList<>()).addAll(gallery.get(c));
      }
      for (StreetItem item : items.getOrDefault(s, List.of())) {
        byCategory.get(item.category()).add(item);
      }
      ds.pairs.put(s, byCategory);
      ds.galleries.put(s, gallery);
    }
    return ds;
  }

  /** {@code "street2shop"}, {@code "deepfashion2"} or {@code "coco"}. */
  public String format() {
    return format;
  }

  /** Whether the data set has shop photos to measure retrieval with (COCO has none). */
  public boolean hasRetrieval() {
    return shopPhotos.values().stream().anyMatch(l -> !l.isEmpty());
  }

  /**
   * Opens the data set under {@code root}. Files of categories that are absent are treated as empty
   * (street2shop users often keep a subset of categories).
   *
   * @throws IllegalArgumentException when {@code root} has no {@code meta/json} folder
   */
  public static Street2ShopDataset open(Path root) {
    Path meta = root.resolve(Layout.META_DIR);
    if (!Files.isDirectory(meta)) {
      throw new IllegalArgumentException(
          "no street2shop data set at "
              + root
              + ": expected a folder "
              + Layout.META_DIR
              + " with train_pairs_*.json, test_pairs_*.json and retrieval_*.json; create one"
              + " with 'btl generate --out "
              + root
              + "'");
    }
    Street2ShopDataset ds = new Street2ShopDataset(root, readPhotos(root));
    for (Category c : Category.values()) {
      for (Split s : Split.values()) {
        ds.pairs
            .computeIfAbsent(s, k -> new EnumMap<>(Category.class))
            .put(c, ds.readPairs(Layout.pairsFile(root, s, c), c));
      }
      ds.shopPhotos.put(c, ds.readRetrieval(Layout.retrievalFile(root, c), c));
    }
    return ds;
  }

  public Path root() {
    return root;
  }

  /** Street items of one split and category whose photo is on disk. */
  public List<StreetItem> pairs(Split split, Category category) {
    return Collections.unmodifiableList(pairs.get(split).get(category));
  }

  /** Every shop photo of a category whose image is on disk. */
  public List<ShopPhoto> shopPhotos(Category category) {
    return Collections.unmodifiableList(shopPhotos.get(category));
  }

  /**
   * The retrieval gallery of a split: every shop photo of the category whose product is worn in
   * that split's street photos (the DeepFashion2 consumer-to-shop protocol); for a DeepFashion2
   * data set, every shop item of the category in the split.
   */
  public List<ShopPhoto> gallery(Split split, Category category) {
    if (galleries != null) {
      return Collections.unmodifiableList(galleries.get(split).get(category));
    }
    Set<Long> products = new HashSet<>();
    for (StreetItem item : pairs(split, category)) {
      products.add(item.productId());
    }
    List<ShopPhoto> out = new ArrayList<>();
    for (ShopPhoto p : shopPhotos(category)) {
      if (products.contains(p.productId())) {
        out.add(p);
      }
    }
    return out;
  }

  /** All street items of one photo in a split, across categories. */
  public Map<Long, List<StreetItem>> streetPhotos(Split split) {
    Map<Long, List<StreetItem>> byPhoto = new LinkedHashMap<>();
    for (Category c : Category.values()) {
      for (StreetItem item : pairs(split, c)) {
        byPhoto.computeIfAbsent(item.photoId(), k -> new ArrayList<>()).add(item);
      }
    }
    return byPhoto;
  }

  /** The photo's image file, or empty when it is not on disk. */
  public synchronized Optional<Path> image(long photoId) {
    if (imageCache.containsKey(photoId)) {
      return Optional.ofNullable(imageCache.get(photoId));
    }
    Path found = null;
    for (String ext : Layout.IMAGE_EXTENSIONS) {
      Path p = Layout.imageFile(root, photoId, ext);
      if (Files.isRegularFile(p)) {
        found = p;
        break;
      }
    }
    if (found == null) {
      String uri = photoUris.get(photoId);
      if (uri != null && uri.startsWith("file:")) {
        try {
          Path p = Paths.get(URI.create(uri));
          if (Files.isRegularFile(p)) {
            found = p;
          }
        } catch (IllegalArgumentException e) {
          // a malformed file URI is the same as a missing image
        }
      }
    }
    imageCache.put(photoId, found);
    return Optional.ofNullable(found);
  }

  /** photo id → URI, as photos.txt lists them. */
  public Map<Long, String> photoUris() {
    return Collections.unmodifiableMap(photoUris);
  }

  /** Rows skipped while reading, by reason (e.g. {@code "street photo missing"}). */
  public Map<String, Integer> skipped() {
    return Collections.unmodifiableMap(skipped);
  }

  public int skippedTotal() {
    return skipped.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Reads {@code catalog/products.jsonl}; empty when the data set has no catalog. */
  public List<Product> products() {
    Path file = root.resolve(Layout.PRODUCTS_JSONL);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return ProductsJsonl.read(
          file,
          (n, e) -> {
            throw new IllegalArgumentException(
                file + " line " + n + " is not a valid product: " + e.getMessage(), e);
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void skip(String reason) {
    skipped.merge(reason, 1, Integer::sum);
  }

  private List<StreetItem> readPairs(Path file, Category category) {
    List<StreetItem> out = new ArrayList<>();
    forEachRow(
        file,
        row -> {
          long photo = requiredId(row, "photo", file);
          long product = requiredId(row, "product", file);
          JsonNode b = row.get("bbox");
          if (b == null || !b.isObject()) {
            throw new IllegalArgumentException(file + ": row without a bbox object: " + row);
          }
          Box box =
              new Box(
                  b.path("left").asDouble(),
                  b.path("top").asDouble(),
                  b.path("width").asDouble(),
                  b.path("height").asDouble());
          Polygon mask = null;
          JsonNode seg = row.get("segmentation");
          if (seg != null && seg.isArray() && seg.size() > 0 && seg.get(0).isArray()) {
            JsonNode poly = seg.get(0);
            double[] xy = new double[poly.size()];
            for (int i = 0; i < xy.length; i++) {
              xy[i] = poly.get(i).asDouble();
            }
            mask = new Polygon(xy);
          }
          if (image(photo).isEmpty()) {
            skip("street photo missing");
            return;
          }
          out.add(new StreetItem(photo, product, category, box, mask));
        });
    return out;
  }

  private List<ShopPhoto> readRetrieval(Path file, Category category) {
    List<ShopPhoto> out = new ArrayList<>();
    forEachRow(
        file,
        row -> {
          long photo = requiredId(row, "photo", file);
          long product = requiredId(row, "product", file);
          if (image(photo).isEmpty()) {
            skip("shop photo missing");
            return;
          }
          out.add(new ShopPhoto(photo, product, category));
        });
    return out;
  }

  private static long requiredId(JsonNode row, String field, Path file) {
    JsonNode v = row.get(field);
    if (v == null || !(v.isIntegralNumber() || v.isTextual())) {
      throw new IllegalArgumentException(file + ": row without a numeric '" + field + "': " + row);
    }
    try {
      return v.isIntegralNumber() ? v.asLong() : Long.parseLong(v.asText().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": '" + field + "' is not a number: " + row, e);
    }
  }

  /** Streams the elements of a top-level JSON array, so large files are not held twice. */
  private static void forEachRow(Path file, java.util.function.Consumer<JsonNode> consumer) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException(file + " must hold a JSON array of rows");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        consumer.accept(JSON.readTree(p));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads photos.txt ({@code id,URI} per line; the id may be zero-padded). Looks at {@code
   * photos.txt} then at the real archive's {@code photos/photos.txt}; no file → no URIs.
   */
  static Map<Long, String> readPhotos(Path root) {
    Map<Long, String> uris = new HashMap<>();
    Path file = root.resolve(Layout.PHOTOS_TXT);
    if (!Files.isRegularFile(file)) {
      file = root.resolve(Layout.PHOTOS_TXT_ALT);
    }
    if (!Files.isRegularFile(file)) {
      return uris;
    }
    try {
      for (PhotoLine line : PhotoList.read(file)) {
        uris.putIfAbsent(line.photoId(), line.uri());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return uris;
  }
}
