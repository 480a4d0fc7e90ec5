package com.buythatlook.cli.generate;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a garment's area into the single polygon a pair's {@code segmentation} holds. Holes (the
 * loop of a bag's handle) are dropped; separate pieces (a pair of shoes) are joined by a zero-width
 * bridge, which adds no area and leaves point-in-polygon tests unchanged.
 */
final class Outline {
  private Outline() {}

  /**
   * @param flatness how far flattened curves may stray from the true outline
   * @param tolerance how far the simplified polygon may stray from the flattened one
   * @return {@code [x0, y0, x1, y1, …]}, counter-clockwise in y-down coordinates
   */
  static double[] of(Shape shape, double flatness, double tolerance) {
    List<double[]> rings = rings(shape, flatness);
    List<double[]> outer = new ArrayList<>();
    for (double[] ring : rings) {
      if (!isHole(ring, rings)) {
        double[] simple = simplify(ring, tolerance);
        outer.add(signedArea(simple) < 0 ? reverse(simple) : simple);
      }
    }
    if (outer.isEmpty()) {
      throw new IllegalArgumentException("shape has no outline");
    }
    outer.sort(Comparator.comparingDouble(r -> centroidX(r)));
    double[] joined = outer.get(0);
    for (int i = 1; i < outer.size(); i++) {
      joined = bridge(joined, outer.get(i));
    }
    return joined;
  }

  private static List<double[]> rings(Shape shape, double flatness) {
    List<double[]> rings = new ArrayList<>();
    List<Double> current = new ArrayList<>();
    double[] c = new double[6];
    for (PathIterator it = shape.getPathIterator(null, flatness); !it.isDone(); it.next()) {
      switch (it.currentSegment(c)) {
        case PathIterator.SEG_MOVETO -> {
          addRing(rings, current);
          current = new ArrayList<>();
          current.add(c[0]);
          current.add(c[1]);
        }
        case PathIterator.SEG_LINETO -> {
          current.add(c[0]);
          current.add(c[1]);
        }
        default -> {
          addRing(rings, current);
          current = new ArrayList<>();
        }
      }
    }
    addRing(rings, current);
    return rings;
  }

  private static void addRing(List<double[]> rings, List<Double> points) {
    // drop a closing point that repeats the first, then keep rings with a real area
    int n = points.size();
    if (n >= 4
        && points.get(0).equals(points.get(n - 2))
        && points.get(1).equals(points.get(n - 1))) {
      n -= 2;
    }
    if (n < 6) {
      return;
    }
    double[] ring = new double[n];
    for (int i = 0; i < n; i++) {
      ring[i] = points.get(i);
    }
    if (Math.abs(signedArea(ring)) > 1e-6) {
      rings.add(ring);
    }
  }

  /** A ring is a hole when a larger ring contains its vertices (Area never makes them cross). */
  private static boolean isHole(double[] ring, List<double[]> all) {
    double area = Math.abs(signedArea(ring));
    for (double[] other : all) {
      if (other == ring || Math.abs(signedArea(other)) <= area) {
        continue;
      }
      Path2D.Double p = toPath(other);
      double mx = (ring[0] + ring[2]) / 2;
      double my = (ring[1] + ring[3]) / 2;
      if (p.contains(mx, my)) {
        return true;
      }
    }
    return false;
  }

  /** Splices ring {@code b} into ring {@code a} at their closest pair of vertices. */
  private static double[] bridge(double[] a, double[] b) {
    int bestI = 0;
    int bestJ = 0;
    double best = Double.MAX_VALUE;
    for (int i = 0; i < a.length; i += 2) {
      for (int j = 0; j < b.length; j += 2) {
        double dx = a[i] - b[j];
        double dy = a[i + 1] - b[j + 1];
        double d = dx * dx + dy * dy;
        if (d < best) {
          best = d;
          bestI = i;
          bestJ = j;
        }
      }
    }
    double[] out = new double[a.length + b.length + 4];
    int k = 0;
    for (int i = 0; i <= bestI + 1; i++) {
      out[k++] = a[i];
    }
    for (int j = 0; j < b.length; j += 2) {
      int idx = (bestJ + j) % b.length;
      out[k++] = b[idx];
      out[k++] = b[idx + 1];
    }
    out[k++] = b[bestJ];
    out[k++] = b[bestJ + 1];
    for (int i = bestI; i < a.length; i++) {
      out[k++] = a[i];
    }
    return out;
  }

  /** Douglas–Peucker on a closed ring, split at vertex 0 and the vertex farthest from it. */
  static double[] simplify(double[] ring, double tolerance) {
    int n = ring.length / 2;
    if (n <= 4) {
      return ring;
    }
    int far = 0;
    double farD = -1;
    for (int i = 1; i < n; i++) {
      double dx = ring[2 * i] - ring[0];
      double dy = ring[2 * i + 1] - ring[1];
      if (dx * dx + dy * dy > farD) {
        farD = dx * dx + dy * dy;
        far = i;
      }
    }
    boolean[] keep = new boolean[n + 1];
    keep[0] = true;
    keep[far] = true;
    keep[n] = true;
    mark(ring, 0, far, n, tolerance, keep);
    mark(ring, far, n, n, tolerance, keep);
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        out.add(ring[2 * i]);
        out.add(ring[2 * i + 1]);
      }
    }
    double[] r = new double[out.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = out.get(i);
    }
    return r.length >= 6 ? r : ring;
  }

  private static void mark(double[] ring, int from, int to, int n, double tol, boolean[] keep) {
    if (to - from < 2) {
      return;
    }
    double ax = ring[2 * (from % n)], ay = ring[2 * (from % n) + 1];
    double bx = ring[2 * (to % n)], by = ring[2 * (to % n) + 1];
    double dx = bx - ax, dy = by - ay;
    double len = Math.sqrt(dx * dx + dy * dy);
    int worst = -1;
    double worstD = tol;
    for (int i = from + 1; i < to; i++) {
      double px = ring[2 * i] - ax, py = ring[2 * i + 1] - ay;
      double d = len < 1e-12 ? Math.sqrt(px * px + py * py) : Math.abs(px * dy - py * dx) / len;
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = true;
      mark(ring, from, worst, n, tol, keep);
      mark(ring, worst, to, n, tol, keep);
    }
  }

  static double signedArea(double[] xy) {
    double s = 0;
    int n = xy.length / 2;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      s += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
    }
    return s / 2;
  }

  private static double centroidX(double[] ring) {
    double s = 0;
    for (int i = 0; i < ring.length; i += 2) {
      s += ring[i];
    }
    return s / (ring.length / 2.0);
  }

  private static double[] reverse(double[] xy) {
    double[] r = new double[xy.length];
    int n = xy.length / 2;
    for (int i = 0; i < n; i++) {
      r[2 * i] = xy[2 * (n - 1 - i)];
      r[2 * i + 1] = xy[2 * (n - 1 - i) + 1];
    }
    return r;
  }

  private static Path2D.Double toPath(double[] ring) {
    return Shapes.polygon(ring);
  }
}
