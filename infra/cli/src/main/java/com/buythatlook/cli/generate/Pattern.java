package com.buythatlook.cli.generate;

/**
 * A two-colour surface pattern as a scalar "ink" field: 0 is the product's primary colour, 1 its
 * secondary colour, values between are blends (the third tone of checks and camouflage, and the
 * anti-aliased edges). Coordinates are in units of the garment's longest side, so a pattern scales
 * with its garment and looks the same at every resolution a product is drawn at — which is what
 * makes a product recognisable between its shop photos and its street appearances.
 */
final class Pattern {
  private static final double SQRT3 = Math.sqrt(3);

  private final PatternKind kind;

  /** Repeat length (or logo radius) in garment units. */
  private final double period;

  private final double angleDegrees;

  /** Share of each period covered by ink (stripes), or dot radius in periods (dots). */
  private final double duty;

  /** Kind-specific choice: dot grid layout, logo shape, colour-block split. */
  private final int variant;

  private final long noiseSeed;
  private final String descriptor;
  private final double cos;
  private final double sin;

  Pattern(
      PatternKind kind,
      double period,
      double angleDegrees,
      double duty,
      int variant,
      long noiseSeed,
      String descriptor) {
    this.kind = kind;
    this.period = period;
    this.angleDegrees = angleDegrees;
    this.duty = duty;
    this.variant = variant;
    this.noiseSeed = noiseSeed;
    this.descriptor = descriptor;
    this.cos = Math.cos(Math.toRadians(angleDegrees));
    this.sin = Math.sin(Math.toRadians(angleDegrees));
  }

  PatternKind kind() {
    return kind;
  }

  /** Words for a product title ("wide-striped"), empty for a plain product. */
  String descriptor() {
    return descriptor;
  }

  /** Same pattern, but at a period and angle nudged by the given amounts. */
  Pattern jittered(double periodFactor, double angleDelta, long newNoiseSeed) {
    return new Pattern(
        kind,
        period * periodFactor,
        angleDegrees + angleDelta,
        duty,
        variant,
        newNoiseSeed,
        descriptor);
  }

  /**
   * Ink at point {@code (u, v)}.
   *
   * @param px the size of one pixel in garment units, for anti-aliasing
   * @param au where the garment's logo / colour-block anchor is, in garment units
   */
  double ink(double u, double v, double px, double au, double av) {
    switch (kind) {
      case SOLID:
        return 0;
      case STRIPES:
        return band((u * cos + v * sin) / period, duty, px / period);
      case CHECKS:
        {
          double w = px / period;
          double a = band((u * cos + v * sin) / period, 0.5, w);
          double b = band((-u * sin + v * cos) / period, 0.5, w);
          return 0.5 * (a + b);
        }
      case DOTS:
        return dots(u, v, px);
      case CAMO:
        {
          double n = ValueNoise.fbm(u / period, v / period, noiseSeed, 3);
          return 0.5 * smoothStep(0.45, 0.47, n) + 0.5 * smoothStep(0.56, 0.58, n);
        }
      case MARBLE:
        {
          double n = ValueNoise.fbm(u / period * 0.6, v / period * 0.6, noiseSeed, 4);
          double t = 0.5 + 0.5 * Math.sin(((u * cos + v * sin) / period + 5.0 * n) * Math.PI);
          return t * t * t;
        }
      case LEOPARD:
        return leopard(u, v, px);
      case LOGO:
        return logo((u - au) / period, (v - av) / period, px / period);
      case CHEVRON:
        {
          double along = u * cos + v * sin;
          double across = -u * sin + v * cos;
          double zig = Math.abs(frac(along / period) - 0.5) * 2;
          return band((across + 0.45 * period * zig) / period, 0.5, px / period);
        }
      case COLOUR_BLOCK:
        {
          double d = (u - au) * -sin + (v - av) * cos;
          return clamp01(0.5 + d / px);
        }
      default:
        throw new IllegalStateException("unhandled pattern " + kind);
    }
  }

  private double dots(double u, double v, double px) {
    double x = (u * cos + v * sin) / period;
    double y = (-u * sin + v * cos) / period;
    if (variant == 1 && (((long) Math.floor(y)) & 1L) == 1L) {
      x += 0.5; // hexagonal layout: every other row offset by half a period
    }
    double fx = frac(x) - 0.5;
    double fy = frac(y) - 0.5;
    double d = Math.sqrt(fx * fx + fy * fy);
    return clamp01(0.5 + (duty - d) * period / px);
  }

  /** Irregular rings around jittered cell centres, the look of an animal print. */
  private double leopard(double u, double v, double px) {
    double x = u / period;
    double y = v / period;
    double warp = ValueNoise.fbm(x * 1.7, y * 1.7, noiseSeed ^ 0x5A5AL, 2) - 0.5;
    long cx = (long) Math.floor(x);
    long cy = (long) Math.floor(y);
    double best = 9;
    for (long j = cy - 1; j <= cy + 1; j++) {
      for (long i = cx - 1; i <= cx + 1; i++) {
        double ox = 0.2 + 0.6 * ValueNoise.lattice(i, j, noiseSeed);
        double oy = 0.2 + 0.6 * ValueNoise.lattice(i, j, noiseSeed + 1);
        double dx = x - (i + ox);
        double dy = (y - (j + oy)) * 1.25;
        best = Math.min(best, Math.sqrt(dx * dx + dy * dy));
      }
    }
    double d = best + 0.25 * warp;
    double w = px / period;
    double ring = clamp01(0.5 + (0.33 - d) / w) - clamp01(0.5 + (0.19 - d) / w);
    double core = clamp01(0.5 + (0.19 - d) / w);
    return ring + 0.45 * core;
  }

  /** A filled mark of radius 1 around the anchor; {@code w} is a pixel in logo units. */
  private double logo(double x, double y, double w) {
    double r = Math.sqrt(x * x + y * y);
    double inside; // signed distance, positive inside, in logo units
    switch (variant) {
      case 0 -> inside = 1 - r; // disc
      case 1 -> inside = 0.26 - Math.abs(r - 0.72); // ring
      case 2 -> { // five-pointed star
        double a = Math.atan2(y, x) + Math.PI / 2;
        double edge = 0.78 + 0.36 * Math.cos(5 * a);
        inside = (edge - r) * 0.7;
      }
      case 3 -> inside = (1 - (Math.abs(x) + Math.abs(y))) / Math.sqrt(2); // diamond
      default -> inside = -triangle(x, -y); // triangle pointing up (image y grows downwards)
    }
    return clamp01(0.5 + inside / w);
  }

  /** Signed distance to an equilateral triangle of circumradius ~1 (negative inside). */
  private static double triangle(double px, double py) {
    double x = Math.abs(px) - 1.0;
    double y = py + 1.0 / SQRT3;
    if (x + SQRT3 * y > 0) {
      double nx = (x - SQRT3 * y) / 2;
      double ny = (-SQRT3 * x - y) / 2;
      x = nx;
      y = ny;
    }
    x -= Math.max(-2.0, Math.min(0.0, x));
    return -Math.sqrt(x * x + y * y) * Math.signum(y);
  }

  /** 1 on the first {@code duty} of each unit period of {@code t}, anti-aliased over {@code w}. */
  private static double band(double t, double duty, double w) {
    double f = frac(t);
    double d = f < duty ? Math.min(f, duty - f) : -Math.min(f - duty, 1 - f);
    return clamp01(0.5 + d / w);
  }

  private static double frac(double t) {
    return t - Math.floor(t);
  }

  private static double clamp01(double v) {
    return v < 0 ? 0 : Math.min(v, 1);
  }

  private static double smoothStep(double a, double b, double x) {
    double t = clamp01((x - a) / (b - a));
    return t * t * (3 - 2 * t);
  }
}
