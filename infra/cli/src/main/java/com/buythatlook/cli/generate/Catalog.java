package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.Seeds.between;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The synthetic catalogue: product families per category, and each product's look, listing and
 * split. Only the families are held (one per ~10 products) plus an id list per category and split;
 * a product's details are derived again from (seed, id) whenever asked, so a catalogue of millions
 * of products stays small.
 *
 * <p>Families of a category are dealt into palette groups of about three: the families of a group
 * share a palette (up to a few degrees) and take different patterns from one shuffled {@link
 * PatternPool}, so the test gallery of a category holds several products with the same colours and
 * different patterns.
 */
final class Catalog {
  private static final String[] BRANDS = {
    "Northwind", "Aster & Vale", "Kestrel", "Maison Lune", "Brightline", "Oakhem", "Sora",
    "Tessellate", "Juniper Row", "Halden", "Vireo", "Copperleaf", "Nimbus", "Rue Verte",
    "Saltmarsh", "Larkspur", "Fenwick", "Atelier Nord", "Mistral", "Blue Heron"
  };
  private static final double[] THREE_SHIFTS = {-12, 0, 12};
  private static final double[] FOUR_SHIFTS = {-12, -4, 4, 12};

  private final long seed;
  private final List<ProductFamily> families;
  private final long[] familyFirstIds;
  private final long[][] ids; // [category * 2 + split]
  private final long shopPhotoCount;

  private Catalog(long seed, List<ProductFamily> families, long[][] ids, long shopPhotoCount) {
    this.seed = seed;
    this.families = families;
    this.familyFirstIds = families.stream().mapToLong(ProductFamily::firstProductId).toArray();
    this.ids = ids;
    this.shopPhotoCount = shopPhotoCount;
  }

  static Catalog plan(long seed, int productsPerCategory) {
    List<ProductFamily> families = new ArrayList<>();
    long nextId = 1;
    for (Category c : Category.values()) {
      List<SplittableRandom> rngs = new ArrayList<>();
      List<int[]> grids = new ArrayList<>(); // {columns, size}
      for (int remaining = productsPerCategory, f = 0; remaining > 0; f++) {
        SplittableRandom fr = Seeds.random(seed, Seeds.Purpose.FAMILY, c.ordinal(), f);
        int columns = fr.nextBoolean() ? 3 : 4;
        int rows = 2 + fr.nextInt(3);
        int size = Math.min(rows * columns, remaining);
        rngs.add(fr);
        grids.add(new int[] {columns, size});
        remaining -= size;
      }
      int groups = Math.max(1, (int) Math.round(grids.size() / 3.0));
      List<Palette> palettes = new ArrayList<>();
      List<List<Pattern>> pools = new ArrayList<>();
      int[] dealt = new int[groups];
      for (int g = 0; g < groups; g++) {
        SplittableRandom gr = Seeds.random(seed, Seeds.Purpose.GROUP, c.ordinal(), g);
        palettes.add(Palette.draw(gr));
        pools.add(PatternPool.shuffled(gr));
      }
      List<Garment> garments = Garment.of(c);
      for (int f = 0; f < grids.size(); f++) {
        SplittableRandom fr = rngs.get(f);
        int columns = grids.get(f)[0];
        int size = grids.get(f)[1];
        int group = f % groups;
        List<Pattern> pool = pools.get(group);
        int rows = (size + columns - 1) / columns;
        List<Pattern> patterns = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
          // a pool is ~28 patterns and a group needs ~10, so this wraps only in huge catalogues
          patterns.add(pool.get((dealt[group] + r) % pool.size()));
        }
        dealt[group] += rows;
        Palette base = palettes.get(group);
        Palette palette =
            new Palette(
                base.primary()
                    .jitter(between(fr, -4, 4), between(fr, -0.05, 0.05), between(fr, -0.05, 0.05)),
                base.secondary()
                    .jitter(
                        between(fr, -3, 3), between(fr, -0.03, 0.03), between(fr, -0.04, 0.04)));
        families.add(
            new ProductFamily(
                c,
                nextId,
                size,
                columns,
                garments.get(fr.nextInt(garments.size())),
                palette,
                List.copyOf(patterns),
                columns == 3 ? THREE_SHIFTS : FOUR_SHIFTS,
                columns == 3 ? 1 : 1 + fr.nextInt(2),
                BRANDS[fr.nextInt(BRANDS.length)]));
        nextId += size;
      }
    }
    // id lists per category and split, and the shop photo total
    int n = Category.values().length;
    long[][] counts = new long[2 * n][];
    int[] sizes = new int[2 * n];
    for (ProductFamily f : families) {
      for (int k = 0; k < f.size(); k++) {
        sizes[slot(f.category(), split(f, k))]++;
      }
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new long[sizes[i]];
      sizes[i] = 0;
    }
    long shopPhotos = 0;
    for (ProductFamily f : families) {
      for (int k = 0; k < f.size(); k++) {
        int s = slot(f.category(), split(f, k));
        long id = f.firstProductId() + k;
        counts[s][sizes[s]++] = id;
        shopPhotos += shopPhotoCount(productRandom(seed, id));
      }
    }
    return new Catalog(seed, List.copyOf(families), counts, shopPhotos);
  }

  /** The families, in product id order. */
  List<ProductFamily> families() {
    return families;
  }

  long productCount() {
    return families.isEmpty() ? 0 : families.get(families.size() - 1).lastProductId();
  }

  long shopPhotoCount() {
    return shopPhotoCount;
  }

  /** Ids of the products of a category in a split, ascending. Do not modify. */
  long[] productIds(Category category, Split split) {
    return ids[slot(category, split)];
  }

  /** The product with id {@code 1 … productCount()}. */
  ProductSpec product(long id) {
    int lo = 0;
    int hi = familyFirstIds.length - 1;
    while (lo < hi) { // last family whose first id ≤ id
      int mid = (lo + hi + 1) >>> 1;
      if (familyFirstIds[mid] <= id) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    ProductFamily f = families.get(lo);
    int k = (int) (id - f.firstProductId());
    if (k < 0 || k >= f.size()) {
      throw new IllegalArgumentException("no product " + id);
    }
    int row = k / f.columns();
    int column = k % f.columns();
    double shift = f.hueShifts()[column];
    Hsv primary = f.palette().primary().rotate(shift);
    Hsv secondary = f.palette().secondary();
    if (secondary.isChromatic()) {
      secondary = secondary.rotate(shift);
    }
    Pattern pattern = f.rows().get(row);
    Texture texture = new Texture(pattern, primary.rgb(), secondary.rgb());
    SplittableRandom rng = productRandom(seed, id);
    int shopPhotos = shopPhotoCount(rng);
    double price = price(f.category(), rng);
    String colour = ColourNames.name(primary);
    String words =
        colour
            + " "
            + (pattern.descriptor().isEmpty() ? "" : pattern.descriptor() + " ")
            + f.garment().displayName();
    String title = words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    return new ProductSpec(
        id,
        f.category(),
        f.garment(),
        texture,
        split(f, k),
        shopPhotos,
        title,
        f.brand(),
        price,
        colour,
        // one row of a family: same garment, pattern and brand, hue shifted — colour variants
        "g" + f.firstProductId() + "-" + row);
  }

  private static Split split(ProductFamily f, int k) {
    return k % f.columns() == f.testColumn() ? Split.TEST : Split.TRAIN;
  }

  private static int slot(Category c, Split s) {
    return c.ordinal() * 2 + s.ordinal();
  }

  private static SplittableRandom productRandom(long seed, long id) {
    return Seeds.random(seed, Seeds.Purpose.PRODUCT, id);
  }

  /** 1 to 4 shop photos, about 1.5 on average (the first draw of a product's stream). */
  private static int shopPhotoCount(SplittableRandom rng) {
    double r = rng.nextDouble();
    return r < 0.65 ? 1 : r < 0.87 ? 2 : r < 0.96 ? 3 : 4;
  }

  private static double price(Category c, SplittableRandom rng) {
    double base =
        switch (c) {
          case BAGS -> 79;
          case BELTS -> 29;
          case DRESSES -> 69;
          case EYEWEAR -> 99;
          case FOOTWEAR -> 89;
          case HATS -> 25;
          case LEGGINGS -> 35;
          case OUTERWEAR -> 129;
          case PANTS -> 59;
          case SKIRTS -> 49;
          case TOPS -> 29;
        };
    double p = base * Math.exp(0.35 * rng.nextGaussian());
    return Math.max(4.99, Math.round(p) - 0.01);
  }
}
