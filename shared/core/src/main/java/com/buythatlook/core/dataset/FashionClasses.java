package com.buythatlook.core.dataset;

import com.buythatlook.core.catalog.Category;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Class names of public fashion data sets and the catalog category each maps onto: the ready maps
 * that {@code btl model import} proposes and the DeepFashion2 and COCO readers use. Names are
 * compared {@linkplain #normalise normalised} (lower case, words only), so DeepFashion2's {@code
 * "short sleeve top"} and the {@code short_sleeved_shirt} of YOLO exports both match.
 */
public final class FashionClasses {

  /** DeepFashion2's 13 categories, in {@code category_id} order (1..13). */
  public static final List<String> DEEPFASHION2 =
      List.of(
          "short sleeve top",
          "long sleeve top",
          "short sleeve outwear",
          "long sleeve outwear",
          "vest",
          "sling",
          "shorts",
          "trousers",
          "skirt",
          "short sleeve dress",
          "long sleeve dress",
          "vest dress",
          "sling dress");

  private static final List<Category> DEEPFASHION2_CATEGORIES =
      List.of(
          Category.TOPS,
          Category.TOPS,
          Category.OUTERWEAR,
          Category.OUTERWEAR,
          Category.TOPS,
          Category.TOPS,
          Category.PANTS,
          Category.PANTS,
          Category.SKIRTS,
          Category.DRESSES,
          Category.DRESSES,
          Category.DRESSES,
          Category.DRESSES);

  /**
   * Fashionpedia's 46 categories (iMaterialist-Fashion 2020 uses the same list), in id order
   * (0..45); the last 19 are garment parts, which map to no catalog category.
   */
  public static final List<String> FASHIONPEDIA =
      List.of(
          "shirt, blouse",
          "top, t-shirt, sweatshirt",
          "sweater",
          "cardigan",
          "jacket",
          "vest",
          "pants",
          "shorts",
          "skirt",
          "coat",
          "dress",
          "jumpsuit",
          "cape",
          "glasses",
          "hat",
          "headband, head covering, hair accessory",
          "tie",
          "glove",
          "watch",
          "belt",
          "leg warmer",
          "tights, stockings",
          "sock",
          "shoe",
          "bag, wallet",
          "scarf",
          "umbrella",
          "hood",
          "collar",
          "lapel",
          "epaulette",
          "sleeve",
          "pocket",
          "neckline",
          "buckle",
          "zipper",
          "applique",
          "bead",
          "bow",
          "flower",
          "fringe",
          "ribbon",
          "rivet",
          "ruffle",
          "sequin",
          "tassel");

  private static final Map<String, Category> FASHIONPEDIA_CATEGORIES = fashionpedia();

  /** Other spellings of DeepFashion2 classes seen in YOLO exports, normalised. */
  private static final Map<String, String> ALIASES =
      Map.of(
          "short sleeved shirt", "short sleeve top",
          "long sleeved shirt", "long sleeve top",
          "short sleeved outwear", "short sleeve outwear",
          "long sleeved outwear", "long sleeve outwear",
          "short sleeved dress", "short sleeve dress",
          "long sleeved dress", "long sleeve dress");

  private FashionClasses() {}

  private static Map<String, Category> fashionpedia() {
    Map<String, Category> m = new LinkedHashMap<>();
    String[][] rows = {
      {"shirt, blouse", "tops"},
      {"top, t-shirt, sweatshirt", "tops"},
      {"sweater", "tops"},
      {"cardigan", "outerwear"},
      {"jacket", "outerwear"},
      {"vest", "tops"},
      {"pants", "pants"},
      {"shorts", "pants"},
      {"skirt", "skirts"},
      {"coat", "outerwear"},
      {"dress", "dresses"},
      {"cape", "outerwear"},
      {"glasses", "eyewear"},
      {"hat", "hats"},
      {"belt", "belts"},
      {"tights, stockings", "leggings"},
      {"shoe", "footwear"},
      {"bag, wallet", "bags"},
    };
    for (String[] r : rows) {
      m.put(normalise(r[0]), Category.fromWireName(r[1]));
    }
    return Collections.unmodifiableMap(m);
  }

  /** Lower case, every run of non-letters and non-digits one space, trimmed. */
  public static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
  }

  /** Which known class list {@code classes} is, by their normalised names. */
  public enum Known {
    DEEPFASHION2("DeepFashion2"),
    FASHIONPEDIA("Fashionpedia"),
    CATALOG("the catalog's own categories"),
    NONE("no known data set");

    private final String label;

    Known(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** The known data set whose class list {@code classes} is (in any order), if any. */
  public static Known recognise(List<String> classes) {
    if (classes.isEmpty()) {
      return Known.NONE;
    }
    if (classes.stream().allMatch(c -> deepFashion2Index(c) >= 0)) {
      return Known.DEEPFASHION2;
    }
    List<String> fp = FASHIONPEDIA.stream().map(FashionClasses::normalise).toList();
    if (classes.stream().allMatch(c -> fp.contains(normalise(c)))) {
      return Known.FASHIONPEDIA;
    }
    if (classes.stream().allMatch(c -> catalog(c).isPresent())) {
      return Known.CATALOG;
    }
    return Known.NONE;
  }

  /** 0-based index of a DeepFashion2 class name (or alias) in {@link #DEEPFASHION2}, or -1. */
  public static int deepFashion2Index(String name) {
    String n = normalise(name);
    n = ALIASES.getOrDefault(n, n);
    return DEEPFASHION2.indexOf(n);
  }

  /** The catalog category of DeepFashion2's {@code category_id} (1..13), or empty. */
  public static Optional<Category> deepFashion2(int categoryId) {
    return categoryId >= 1 && categoryId <= DEEPFASHION2_CATEGORIES.size()
        ? Optional.of(DEEPFASHION2_CATEGORIES.get(categoryId - 1))
        : Optional.empty();
  }

  /**
   * The catalog category of a class name: DeepFashion2's and Fashionpedia's ready maps, a catalog
   * category's own name (singular or plural), then whole words such as "dress", "jeans" or
   * "sneaker"; empty when nothing fits (Fashionpedia's garment parts, ties, umbrellas …).
   */
  public static Optional<Category> categoryOf(String name) {
    int df2 = deepFashion2Index(name);
    if (df2 >= 0) {
      return Optional.of(DEEPFASHION2_CATEGORIES.get(df2));
    }
    String n = normalise(name);
    if (FASHIONPEDIA.stream().anyMatch(f -> normalise(f).equals(n))) {
      return Optional.ofNullable(FASHIONPEDIA_CATEGORIES.get(n)); // parts map to nothing
    }
    Optional<Category> own = catalog(name);
    if (own.isPresent()) {
      return own;
    }
    return keyword(n);
  }

  private static Optional<Category> catalog(String name) {
    String n = normalise(name);
    for (Category c : Category.values()) {
      String w = c.wireName();
      if (n.equals(w) || n.equals(w.substring(0, w.length() - 1))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  // first match wins: "vest dress" is a dress, "sling dress" too
  private static final String[][] KEYWORDS = {
    {"dresses", "dress|gown|sundress"},
    {"skirts", "skirt|miniskirt"},
    {"leggings", "legging|leggings|tights|stockings|stocking"},
    {"outerwear", "coat|jacket|outwear|outerwear|cardigan|blazer|parka|cape|anorak"},
    {"pants", "pants|trousers|trouser|jeans|shorts|joggers|chinos"},
    {"tops", "top|tops|shirt|blouse|sweater|sweatshirt|hoodie|vest|sling|tee|tshirt|polo"},
    {"footwear", "shoe|shoes|boot|boots|sneaker|sneakers|sandal|sandals|heels|footwear"},
    {"bags", "bag|bags|handbag|purse|wallet|backpack|clutch|tote"},
    {"hats", "hat|hats|cap|beanie|beret"},
    {"eyewear", "glasses|sunglasses|eyeglasses|eyewear|goggles"},
    {"belts", "belt|belts"},
  };

  private static Optional<Category> keyword(String normalised) {
    List<String> words = List.of(normalised.split(" "));
    for (String[] k : KEYWORDS) {
      for (String w : k[1].split("\\|")) {
        if (words.contains(w)) {
          return Optional.of(Category.fromWireName(k[0]));
        }
      }
    }
    return Optional.empty();
  }
}
