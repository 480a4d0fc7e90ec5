package com.buythatlook.cli.generate;

import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.Polygon;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Paint;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Composes one street photo — scenery, clutter, people wearing products, props in front, camera
 * effects — writes it as a JPEG and returns its annotations. A photo in which some item ends up
 * more than 30 % hidden is composed again from a fresh random stream (still a pure function of the
 * seed and the photo's index); the last try is a single person that nothing can hide.
 */
final class StreetPhotoRenderer {
  static final int WIDTH = 384;
  static final int HEIGHT = 512;
  static final int ATTEMPTS = 4;

  /** Every annotated item shows at least this share of the pixels it had when it was put on. */
  static final double KEEP_VISIBLE = 0.70;

  private final long seed;
  private final ScenePlanner planner;
  private final RealBackgrounds backgrounds;
  private final double backgroundShare;

  /**
   * @param backgrounds real photographs to compose over, or null for the synthetic scenery only;
   *     with them come the wider variations of real street photos (smaller and cut-off items,
   *     stronger light and colour casts, JPEG quality down to 30)
   * @param backgroundShare share of photos composed over a real photograph
   */
  StreetPhotoRenderer(
      long seed, Catalog catalog, RealBackgrounds backgrounds, double backgroundShare) {
    this.seed = seed;
    this.backgrounds = backgrounds;
    this.backgroundShare = backgroundShare;
    this.planner = new ScenePlanner(catalog, WIDTH, HEIGHT, backgrounds != null);
  }

  /**
   * @param forced a category some person in the photo must wear (cycled over photos, so that even a
   *     tiny data set has every category in both splits)
   */
  List<StreetItem> render(long index, long photoId, Split split, Category forced, Path file)
      throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      boolean last = attempt == ATTEMPTS - 1;
      SplittableRandom rng = Seeds.random(seed, Seeds.Purpose.STREET_PHOTO, index, attempt);
      ScenePlan plan = planner.plan(rng, split, forced, last);
      if (plan.itemCount() == 0 || (!plan.forcedWorn() && !last)) {
        continue;
      }
      Canvas canvas = new Canvas(WIDTH, HEIGHT);
      try {
        List<StreetItem> items = compose(canvas, rng, plan, photoId, last);
        if (items == null) {
          continue;
        }
        float quality = PhotoEffects.apply(canvas.rgb, WIDTH, HEIGHT, rng, backgrounds != null);
        Images.writeJpeg(canvas.image, quality, file);
        return items;
      } finally {
        canvas.dispose();
      }
    }
    throw new IllegalStateException("street photo " + photoId + " could not be composed");
  }

  /** Paints the plan; null when an item ends up too hidden (and this is not the last try). */
  private List<StreetItem> compose(
      Canvas canvas, SplittableRandom rng, ScenePlan plan, long photoId, boolean last) {
    if (backgrounds != null && rng.nextDouble() < backgroundShare) {
      backgrounds.paint(canvas, rng);
      if (rng.nextBoolean()) {
        Clutter.paintBehind(canvas, rng);
      }
    } else {
      SceneBackground.paint(canvas, rng);
      Clutter.paintBehind(canvas, rng);
    }
    int n = plan.itemCount();
    int[] drawn = new int[n + 1];
    for (Person person : plan.people()) {
      paintBody(canvas, person);
      for (WornItem item : person.items()) {
        Garment garment = item.product().garment();
        double[] box = ScenePlanner.projectedBox(item.garmentToImage(), garment.drawing().bounds());
        double longSide = Math.max(box[2] - box[0], box[3] - box[1]);
        // a little larger than on screen, so the warp only ever shrinks the sprite
        int spriteSide = (int) Math.max(24, Math.min(420, Math.ceil(longSide * 1.2) + 4));
        Sprite sprite = SpriteRenderer.render(garment, item.product().texture(), spriteSide);
        drawn[item.number()] =
            canvas.drawSprite(
                sprite,
                item.garmentToImage().times(sprite.spriteToBody()),
                item.number(),
                person.light());
      }
    }
    if (!last) {
      Clutter.paintInFront(canvas, rng, drawn, KEEP_VISIBLE + 0.02);
    }
    int[] visible = canvas.visibleCounts(n);
    for (int i = 1; i <= n; i++) {
      if (!last && (drawn[i] == 0 || visible[i] < KEEP_VISIBLE * drawn[i])) {
        return null;
      }
    }
    int[][] bounds = canvas.visibleBounds(n);
    List<StreetItem> out = new ArrayList<>();
    for (Person person : plan.people()) {
      for (WornItem item : person.items()) {
        int[] b = bounds[item.number()];
        if (b == null) {
          continue; // only possible on the last try, for an item too small to cover a pixel
        }
        out.add(annotate(photoId, item, b));
      }
    }
    return out.isEmpty() ? null : out;
  }

  /**
   * The pair row: the tight box of the visible pixels, and the garment's warped outline clipped to
   * that box (hidden parts inside the box stay in the outline: one polygon cannot have holes).
   */
  private static StreetItem annotate(long photoId, WornItem item, int[] b) {
    ProductSpec product = item.product();
    Box box = new Box(b[0], b[1], b[2] - b[0], b[3] - b[1]);
    double[] outline = item.garmentToImage().map(product.garment().drawing().outline());
    double[] clipped = PolygonClip.toBox(outline, b[0], b[1], b[2], b[3]);
    Polygon mask =
        clipped.length >= 6 && Math.abs(Outline.signedArea(clipped)) >= 1
            ? new Polygon(clipped)
            : new Polygon(new double[] {b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3]});
    return new StreetItem(photoId, product.productId(), product.category(), box, mask);
  }

  private static void paintBody(Canvas canvas, Person person) {
    Homography h = person.bodyToImage();
    int skin = Rgb.scale(person.skin(), person.light());
    canvas.g.setColor(new Color(0, 0, 0, 55)); // a soft shadow on the ground
    canvas.g.fill(h.map(Shapes.ellipse(0, 100, 15, 2.2), 0.2));
    Paint lit =
        new GradientPaint(
            (float) h.mapX(-14, 50),
            (float) h.mapY(-14, 50),
            Rgb.awt(Rgb.scale(skin, 1.06)),
            (float) h.mapX(14, 50),
            (float) h.mapY(14, 50),
            Rgb.awt(Rgb.scale(skin, 0.88)));
    for (Figure.Part part : Figure.parts(person.hairStyle())) {
      Path2D shape = h.map(part.shape(), 0.08);
      Paint paint =
          switch (part.role()) {
            case SKIN -> lit;
            case SKIN_SHADOW -> Rgb.awt(Rgb.scale(skin, 0.86));
            case HAIR -> Rgb.awt(Rgb.scale(person.hair(), person.light()));
            case FEATURE -> Rgb.awt(Rgb.scale(skin, 0.3));
          };
      canvas.paintOccluder(shape, paint);
    }
  }
}
