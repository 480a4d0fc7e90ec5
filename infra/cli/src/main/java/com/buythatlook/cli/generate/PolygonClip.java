package com.buythatlook.cli.generate;

/** Sutherland–Hodgman clipping of a polygon to an axis-aligned rectangle. */
final class PolygonClip {
  private PolygonClip() {}

  /**
   * {@code xy} clipped to {@code [x0, x1] × [y0, y1]}; fewer than 3 points when nothing is left.
   */
  static double[] toBox(double[] xy, double x0, double y0, double x1, double y1) {
    double[] p = xy;
    p = clip(p, 0, x0, true);
    p = clip(p, 0, x1, false);
    p = clip(p, 1, y0, true);
    p = clip(p, 1, y1, false);
    return p;
  }

  /** Keeps the side of the line {@code coordinate[axis] = limit} given by {@code keepAbove}. */
  private static double[] clip(double[] p, int axis, double limit, boolean keepAbove) {
    int n = p.length / 2;
    if (n == 0) {
      return p;
    }
    double[] out = new double[4 * n + 4];
    int k = 0;
    for (int i = 0; i < n; i++) {
      int j = (i + n - 1) % n;
      double cx = p[2 * i], cy = p[2 * i + 1];
      double px = p[2 * j], py = p[2 * j + 1];
      double cv = axis == 0 ? cx : cy;
      double pv = axis == 0 ? px : py;
      boolean cIn = keepAbove ? cv >= limit : cv <= limit;
      boolean pIn = keepAbove ? pv >= limit : pv <= limit;
      if (cIn != pIn) {
        double t = (limit - pv) / (cv - pv);
        out[k++] = axis == 0 ? limit : px + (cx - px) * t;
        out[k++] = axis == 0 ? py + (cy - py) * t : limit;
      }
      if (cIn) {
        out[k++] = cx;
        out[k++] = cy;
      }
    }
    return java.util.Arrays.copyOf(out, k);
  }
}
