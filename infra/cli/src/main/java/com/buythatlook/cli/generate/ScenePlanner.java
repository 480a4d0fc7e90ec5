package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.Seeds.between;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.Split;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Decides who stands where in a street photo and what each person wears. A person is 1–5 products
 * of the photo's split, each placed where it is worn; an item is only chosen if it is mostly in the
 * frame, spans 5–60 % of the photo's height (its longer side at least 5 %, so that glasses count by
 * their width; its height at most 60 %), and is not mostly hidden under the person's other clothes
 * (estimated from bounding boxes; the renderer checks the exact pixels afterwards).
 */
final class ScenePlanner {
  /** Smallest item, as its longer side in pixels; most come out far larger. */
  static final int MIN_ITEM_PIXELS = 32;

  /** Items below this long side are accepted only sometimes, so most crops keep their pattern. */
  static final int GOOD_ITEM_PIXELS = 44;

  static final double MAX_ITEM_SPAN = 0.60;

  /** Share of an item's box that must lie inside the photo. */
  static final double MIN_IN_FRAME = 0.85;

  /** At most this share of an item may lie under the same person's other clothes. */
  static final double MAX_SELF_COVER = 0.30;

  /** Painting order: inner layers first, things held in the hand last. */
  private static final List<Category> LAYERS =
      List.of(
          Category.LEGGINGS,
          Category.PANTS,
          Category.SKIRTS,
          Category.FOOTWEAR,
          Category.DRESSES,
          Category.TOPS,
          Category.OUTERWEAR,
          Category.BELTS,
          Category.EYEWEAR,
          Category.HATS,
          Category.BAGS);

  private static final int[] SKIN = {0xF3D5BC, 0xE6BC98, 0xD09B74, 0xB07A55, 0x8A5A3B, 0x5E3B26};
  private static final int[] HAIR = {
    0x1C1916, 0x3A2518, 0x5E3D22, 0x94683A, 0xD3AE6C, 0x8E3A1C, 0x9A9A9A
  };

  /** In street mode (scenes over real photographs): smallest item, as a share of the height. */
  static final double STREET_MIN_ITEM_SPAN = 0.03;

  /** In street mode: share of an item's box that must lie inside the photo. */
  static final double STREET_MIN_IN_FRAME = 0.55;

  private final Catalog catalog;
  private final int width;
  private final int height;
  private final boolean street;

  /**
   * @param street the wider ranges of real street photos: people from far away (items down to 3 %
   *     of the photo's height) to close up, items cut off by the frame (55 % inside is enough)
   */
  ScenePlanner(Catalog catalog, int width, int height, boolean street) {
    this.catalog = catalog;
    this.width = width;
    this.height = height;
    this.street = street;
  }

  /**
   * @param simplest plan one full-length person wearing only the {@code forced} category, which
   *     always fits and cannot be hidden: the last resort that guarantees a photo
   */
  ScenePlan plan(SplittableRandom rng, Split split, Category forced, boolean simplest) {
    Set<Long> used = new HashSet<>(); // no two people in one photo wear the very same product
    int count = simplest ? 1 : pick(rng, 0.45, 0.35, 0.20) + 1;
    List<Homography> bodies = place(rng, count, simplest);
    List<List<ProductSpec>> outfits = new ArrayList<>();
    for (int p = 0; p < bodies.size(); p++) {
      outfits.add(List.of());
    }
    boolean forcedWorn = false;
    // dress front to back: the front person is the largest, so likeliest to have room for the
    // category this photo must show
    for (int p = bodies.size() - 1; p >= 0; p--) {
      int target = simplest ? 1 : pick(rng, 0.12, 0.25, 0.30, 0.20, 0.13) + 1;
      Category must = forcedWorn ? null : forced;
      List<ProductSpec> outfit = dress(rng, bodies.get(p), split, must, target, simplest, used);
      forcedWorn |= outfit.stream().anyMatch(s -> s.category() == forced);
      outfits.set(p, outfit);
    }
    List<Person> people = new ArrayList<>();
    int number = 0;
    for (int p = 0; p < bodies.size(); p++) {
      if (outfits.get(p).isEmpty()) {
        continue; // nobody stands in a photo wearing nothing of the catalogue
      }
      List<WornItem> items = new ArrayList<>();
      for (ProductSpec product : outfits.get(p)) {
        items.add(new WornItem(product, jitter(rng, bodies.get(p), product.garment()), ++number));
      }
      people.add(
          new Person(
              bodies.get(p),
              SKIN[rng.nextInt(SKIN.length)],
              HAIR[rng.nextInt(HAIR.length)],
              Figure.HairStyle.values()[rng.nextInt(Figure.HairStyle.values().length)],
              between(rng, 0.85, 1.15),
              List.copyOf(items)));
    }
    return new ScenePlan(List.copyOf(people), number, forcedWorn);
  }

  /** Body homographies, back to front. */
  private List<Homography> place(SplittableRandom rng, int count, boolean simplest) {
    List<double[]> placements = new ArrayList<>(); // {heightPx, centreX, topY}
    if (simplest) {
      placements.add(new double[] {0.72 * height, 0.5 * width, 0.14 * height});
    } else if (count == 1 && street && rng.nextInt(4) == 0) { // one person far away
      double tall = height * between(rng, 0.3, 0.66);
      double ground = height * between(rng, 0.55, 0.98);
      double cx = width * between(rng, 0.2, 0.8);
      placements.add(new double[] {tall, cx, Math.max(0.01 * height, ground - tall)});
    } else if (count == 1) {
      double cx = width * between(rng, 0.38, 0.62);
      switch (pick(rng, 0.5, 0.35, 0.15)) {
        case 0 -> { // full length
          double ground = height * between(rng, 0.9, 0.985);
          double tall = Math.min(height * between(rng, 0.66, 0.95), ground - 0.02 * height);
          placements.add(new double[] {tall, cx, ground - tall});
        }
        case 1 -> { // head and torso, legs cut by the frame
          placements.add(
              new double[] {
                height * between(rng, 1.1, 1.7), cx, height * between(rng, 0.02, 0.08)
              });
        }
        default -> { // legs and feet, head above the frame
          double tall = height * between(rng, 1.05, 1.45);
          placements.add(new double[] {tall, cx, height * between(rng, 0.9, 0.98) - tall});
        }
      }
    } else {
      double lo = street ? 0.3 : count == 2 ? 0.55 : 0.46;
      double hi = count == 2 ? 0.85 : 0.70;
      double[] tall = new double[count];
      double tallest = 0;
      for (int i = 0; i < count; i++) {
        tall[i] = height * between(rng, lo, hi);
        tallest = Math.max(tallest, tall[i]);
      }
      int[] slots = shuffledRange(rng, count);
      for (int i = 0; i < count; i++) {
        // smaller people stand farther away, so higher up the ground plane
        double ground = height * 0.975 - (tallest - tall[i]) * 0.45;
        double cx = width * ((slots[i] + 0.5) / count + between(rng, -0.06, 0.06));
        placements.add(new double[] {tall[i], cx, Math.max(0.01 * height, ground - tall[i])});
      }
      placements.sort(Comparator.comparingDouble(p -> p[0]));
    }
    List<Homography> out = new ArrayList<>();
    for (double[] p : placements) {
      out.add(bodyHomography(rng, p[0], p[1], p[2], simplest));
    }
    return out;
  }

  /** Scale, a slight tilt, body width and a keystone (camera above or below) for one person. */
  private Homography bodyHomography(
      SplittableRandom rng, double tall, double cx, double top, boolean plain) {
    double s = tall / 100;
    double widthFactor = plain ? 1 : between(rng, 0.9, 1.1);
    double tilt = plain ? 0 : Math.toRadians(between(rng, -3, 3));
    double keystone = plain ? 0 : between(rng, -0.1, 0.1);
    Rectangle2D f = Figure.FRAME;
    double[] quad = new double[8];
    double[][] corners = {
      {f.getMinX(), f.getMinY()}, {f.getMaxX(), f.getMinY()},
      {f.getMaxX(), f.getMaxY()}, {f.getMinX(), f.getMaxY()}
    };
    double pivotY = top + 50 * s;
    for (int k = 0; k < 4; k++) {
      double bx = corners[k][0];
      double by = corners[k][1];
      double depth = 1 + keystone * (0.5 - (by - f.getMinY()) / f.getHeight());
      double x = bx * s * widthFactor * depth;
      double y = top + by * s - pivotY;
      quad[2 * k] = cx + x * Math.cos(tilt) - y * Math.sin(tilt);
      quad[2 * k + 1] = pivotY + x * Math.sin(tilt) + y * Math.cos(tilt);
    }
    return Homography.rectToQuad(f.getX(), f.getY(), f.getWidth(), f.getHeight(), quad);
  }

  private List<ProductSpec> dress(
      SplittableRandom rng,
      Homography body,
      Split split,
      Category must,
      int target,
      boolean simplest,
      Set<Long> used) {
    List<ProductSpec> chosen = new ArrayList<>();
    if (must != null) {
      for (int t = 0; t < 4 && chosen.isEmpty(); t++) {
        ProductSpec p = randomProduct(rng, must, split);
        if (p != null
            && !used.contains(p.productId())
            && fits(rng, p.garment(), body, chosen, simplest)) {
          chosen.add(p);
          used.add(p.productId());
        }
      }
    }
    for (Category c : weightedOrder(rng)) {
      if (chosen.size() >= target) {
        break;
      }
      if (c == must) {
        continue;
      }
      for (int t = 0; t < 2; t++) {
        ProductSpec p = randomProduct(rng, c, split);
        if (p != null
            && !used.contains(p.productId())
            && fits(rng, p.garment(), body, chosen, false)) {
          chosen.add(p);
          used.add(p.productId());
          break;
        }
      }
    }
    chosen.sort(Comparator.comparingInt(p -> LAYERS.indexOf(p.category())));
    return chosen;
  }

  private ProductSpec randomProduct(SplittableRandom rng, Category c, Split split) {
    long[] ids = catalog.productIds(c, split);
    return ids.length == 0 ? null : catalog.product(ids[rng.nextInt(ids.length)]);
  }

  private boolean fits(
      SplittableRandom rng,
      Garment garment,
      Homography body,
      List<ProductSpec> chosen,
      boolean anySize) {
    Rectangle2D r = garment.drawing().bounds();
    for (ProductSpec other : chosen) {
      if (other.category() == garment.category()) {
        return false;
      }
    }
    double[] box = projectedBox(body, r);
    double w = box[2] - box[0];
    double h = box[3] - box[1];
    double inside =
        (Math.min(box[2], width) - Math.max(box[0], 0))
            * (Math.min(box[3], height) - Math.max(box[1], 0));
    if (box[2] <= 0
        || box[0] >= width
        || box[3] <= 0
        || box[1] >= height
        || inside < (street ? STREET_MIN_IN_FRAME : MIN_IN_FRAME) * w * h) {
      return false;
    }
    double longSide = Math.max(w, h);
    double smallest =
        street ? STREET_MIN_ITEM_SPAN * height : Math.max(MIN_ITEM_PIXELS, 0.05 * height);
    if (h > MAX_ITEM_SPAN * height || longSide < smallest) {
      return false;
    }
    if (!anySize && longSide < GOOD_ITEM_PIXELS && rng.nextInt(3) != 0) {
      return false;
    }
    // a garment layered under or over the others must stay mostly visible, and so must they
    int layer = LAYERS.indexOf(garment.category());
    double coveredHere = 0;
    for (ProductSpec other : chosen) {
      Rectangle2D o = other.garment().drawing().bounds();
      double overlap = overlap(r, o);
      if (LAYERS.indexOf(other.category()) > layer) {
        coveredHere += overlap / area(r);
      } else if (coveredOf(other, chosen, o) + overlap / area(o) > MAX_SELF_COVER) {
        return false;
      }
    }
    return coveredHere <= MAX_SELF_COVER;
  }

  /** How much of {@code item} the items painted over it already cover (box estimate). */
  private static double coveredOf(ProductSpec item, List<ProductSpec> chosen, Rectangle2D box) {
    int layer = LAYERS.indexOf(item.category());
    double covered = 0;
    for (ProductSpec other : chosen) {
      if (LAYERS.indexOf(other.category()) > layer) {
        covered += overlap(box, other.garment().drawing().bounds()) / area(box);
      }
    }
    return covered;
  }

  /** The garment's box, warped a little on the body (each corner by up to 3 % of its size). */
  private static Homography jitter(SplittableRandom rng, Homography body, Garment garment) {
    Rectangle2D r = garment.drawing().bounds();
    double[] from = {
      r.getMinX(),
      r.getMinY(),
      r.getMaxX(),
      r.getMinY(),
      r.getMaxX(),
      r.getMaxY(),
      r.getMinX(),
      r.getMaxY()
    };
    double[] to = from.clone();
    for (int k = 0; k < 8; k += 2) {
      to[k] += r.getWidth() * between(rng, -0.03, 0.03);
      to[k + 1] += r.getHeight() * between(rng, -0.03, 0.03);
    }
    return body.times(Homography.quadToQuad(from, to));
  }

  /** {@code [x0, y0, x1, y1]} of a body-unit rectangle in the photo. */
  static double[] projectedBox(Homography h, Rectangle2D r) {
    double[] c =
        h.map(
            new double[] {
              r.getMinX(),
              r.getMinY(),
              r.getMaxX(),
              r.getMinY(),
              r.getMaxX(),
              r.getMaxY(),
              r.getMinX(),
              r.getMaxY()
            });
    double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int k = 0; k < 8; k += 2) {
      box[0] = Math.min(box[0], c[k]);
      box[1] = Math.min(box[1], c[k + 1]);
      box[2] = Math.max(box[2], c[k]);
      box[3] = Math.max(box[3], c[k + 1]);
    }
    return box;
  }

  /**
   * Categories in a random order (Efraimidis–Spirakis weighted sampling). Clothes come first more
   * often: three clothes categories compete for the torso and three for the legs, while each
   * accessory has a place of its own, so equal weights would make accessories twice as common.
   */
  private static List<Category> weightedOrder(SplittableRandom rng) {
    List<Category> order = new ArrayList<>(List.of(Category.values()));
    double[] key = new double[Category.values().length];
    for (Category c : order) {
      double weight =
          switch (c) {
            case TOPS, PANTS, DRESSES, SKIRTS, OUTERWEAR, LEGGINGS -> 3.0;
            default -> 1.0;
          };
      key[c.ordinal()] = Math.pow(rng.nextDouble(), 1 / weight);
    }
    order.sort(Comparator.comparingDouble((Category c) -> -key[c.ordinal()]));
    return order;
  }

  private static double overlap(Rectangle2D a, Rectangle2D b) {
    double w = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
    double h = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
    return w > 0 && h > 0 ? w * h : 0;
  }

  private static double area(Rectangle2D r) {
    return r.getWidth() * r.getHeight();
  }

  private static int[] shuffledRange(SplittableRandom rng, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** Index drawn with the given probabilities (which sum to 1). */
  static int pick(SplittableRandom rng, double... p) {
    double r = rng.nextDouble();
    for (int i = 0; i < p.length - 1; i++) {
      r -= p[i];
      if (r < 0) {
        return i;
      }
    }
    return p.length - 1;
  }
}
