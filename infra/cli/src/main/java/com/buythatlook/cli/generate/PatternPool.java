package com.buythatlook.cli.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The catalogue of visually distinct patterns that families draw from. A group of families that
 * share a palette deals patterns from one shuffled copy of this pool, so that products of the same
 * colours differ in pattern (what a colour histogram cannot see, and a CNN can).
 *
 * <p>Periods are fractions of the garment's longest side; the finest (0.10) still repeats every 4
 * px on a 40 px street crop, so blur and JPEG do not wash it out. Stripe angles are 0°, 45° and 90°
 * only: shop photos include mirrored views, which turn 45° into 135°, so 135° cannot be a different
 * product.
 */
final class PatternPool {
  private PatternPool() {}

  /** Every template once, in a fixed order. */
  static List<Pattern> templates() {
    List<Pattern> p = new ArrayList<>();
    p.add(new Pattern(PatternKind.SOLID, 1, 0, 0, 0, 0, ""));
    double[] periods = {0.10, 0.16, 0.25};
    String[] widths = {"narrow-striped", "striped", "wide-striped"};
    int[] angles = {0, 45, 90};
    // angle 0 varies along x, so its stripes run vertically; 90° gives horizontal stripes
    String[] directions = {"vertical ", "diagonal ", ""};
    for (int i = 0; i < periods.length; i++) {
      for (int a = 0; a < angles.length; a++) {
        p.add(
            new Pattern(
                PatternKind.STRIPES, periods[i], angles[a], 0.5, 0, 0, directions[a] + widths[i]));
      }
    }
    p.add(new Pattern(PatternKind.STRIPES, 0.13, 0, 0.2, 0, 0, "pinstripe"));
    p.add(new Pattern(PatternKind.STRIPES, 0.13, 90, 0.2, 0, 0, "horizontal pinstripe"));
    p.add(new Pattern(PatternKind.CHECKS, 0.12, 0, 0.5, 0, 0, "gingham"));
    p.add(new Pattern(PatternKind.CHECKS, 0.22, 0, 0.5, 0, 0, "large-check"));
    p.add(new Pattern(PatternKind.CHECKS, 0.14, 45, 0.5, 0, 0, "diamond-check"));
    p.add(new Pattern(PatternKind.CHECKS, 0.25, 45, 0.5, 0, 0, "harlequin"));
    p.add(new Pattern(PatternKind.DOTS, 0.11, 0, 0.24, 1, 0, "polka-dot"));
    p.add(new Pattern(PatternKind.DOTS, 0.19, 0, 0.3, 0, 0, "large-dot"));
    p.add(new Pattern(PatternKind.CAMO, 0.12, 0, 0, 0, 0, "camouflage"));
    p.add(new Pattern(PatternKind.CAMO, 0.30, 0, 0, 0, 0, "large camouflage"));
    p.add(new Pattern(PatternKind.MARBLE, 0.18, 30, 0, 0, 0, "marble-print"));
    p.add(new Pattern(PatternKind.LEOPARD, 0.14, 0, 0, 0, 0, "leopard-print"));
    p.add(new Pattern(PatternKind.LOGO, 0.10, 0, 0, 0, 0, "logo"));
    p.add(new Pattern(PatternKind.LOGO, 0.11, 0, 0, 2, 0, "star-logo"));
    p.add(new Pattern(PatternKind.LOGO, 0.10, 0, 0, 4, 0, "triangle-logo"));
    p.add(new Pattern(PatternKind.CHEVRON, 0.14, 0, 0, 0, 0, "chevron"));
    p.add(new Pattern(PatternKind.CHEVRON, 0.24, 90, 0, 0, 0, "wide-chevron"));
    p.add(new Pattern(PatternKind.COLOUR_BLOCK, 1, 0, 0, 0, 0, "colour-block"));
    p.add(new Pattern(PatternKind.COLOUR_BLOCK, 1, 35, 0, 1, 0, "diagonal colour-block"));
    return p;
  }

  /**
   * The pool in a random order, each template nudged (period ±8 %, angle ±4°) and given its own
   * noise seed, so that two groups' "camouflage" are different prints.
   */
  static List<Pattern> shuffled(SplittableRandom rng) {
    List<Pattern> pool = templates();
    for (int i = pool.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Pattern t = pool.get(i);
      pool.set(i, pool.get(j));
      pool.set(j, t);
    }
    List<Pattern> out = new ArrayList<>(pool.size());
    for (Pattern t : pool) {
      out.add(
          t.jittered(Seeds.between(rng, 0.92, 1.08), Seeds.between(rng, -4, 4), rng.nextLong()));
    }
    return out;
  }
}
