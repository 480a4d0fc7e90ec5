package com.buythatlook.cli.generate;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;

/**
 * A plane projective transform {@code (x, y) → ((a x + b y + c) / w, (d x + e y + f) / w)} with
 * {@code w = g x + h y + 1}: how a flat garment, a body and its clothes are put into a street photo
 * in perspective. Immutable.
 */
final class Homography {
  private final double[] m;

  private Homography(double[] m) {
    this.m = m;
  }

  static Homography affine(double a, double b, double c, double d, double e, double f) {
    return new Homography(new double[] {a, b, c, d, e, f, 0, 0, 1});
  }

  /**
   * The transform taking the unit square's corners (0,0), (1,0), (1,1), (0,1) to {@code quad}
   * ({@code x0,y0, … x3,y3}) — Heckbert's closed form.
   */
  static Homography squareToQuad(double[] q) {
    double x0 = q[0], y0 = q[1], x1 = q[2], y1 = q[3], x2 = q[4], y2 = q[5], x3 = q[6], y3 = q[7];
    double sx = x0 - x1 + x2 - x3;
    double sy = y0 - y1 + y2 - y3;
    double g = 0;
    double h = 0;
    if (Math.abs(sx) > 1e-12 || Math.abs(sy) > 1e-12) {
      double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
      double den = dx1 * dy2 - dx2 * dy1;
      g = (sx * dy2 - dx2 * sy) / den;
      h = (dx1 * sy - sx * dy1) / den;
    }
    return new Homography(
        new double[] {
          x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1
        });
  }

  /** The transform taking the rectangle {@code x, y, w, h} to {@code quad} (corners clockwise). */
  static Homography rectToQuad(double x, double y, double w, double h, double[] quad) {
    return squareToQuad(quad).times(affine(1 / w, 0, -x / w, 0, 1 / h, -y / h));
  }

  /** The transform taking quad {@code from} to quad {@code to}, corner for corner. */
  static Homography quadToQuad(double[] from, double[] to) {
    return squareToQuad(to).times(squareToQuad(from).inverse());
  }

  /** {@code this ∘ first}: applies {@code first}, then this. */
  Homography times(Homography first) {
    double[] a = m;
    double[] b = first.m;
    double[] r = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
      }
    }
    return normalised(r);
  }

  Homography inverse() {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
    double[] r = {
      e * i - f * h, c * h - b * i, b * f - c * e,
      f * g - d * i, a * i - c * g, c * d - a * f,
      d * h - e * g, b * g - a * h, a * e - b * d
    };
    return normalised(r);
  }

  private static Homography normalised(double[] r) {
    double s = r[8];
    if (Math.abs(s) > 1e-15) {
      for (int k = 0; k < 9; k++) {
        r[k] /= s;
      }
    }
    return new Homography(r);
  }

  /** Coefficient {@code k} of the row-major 3×3 matrix (for inner loops that step it by hand). */
  double coefficient(int k) {
    return m[k];
  }

  double mapX(double x, double y) {
    return (m[0] * x + m[1] * y + m[2]) / (m[6] * x + m[7] * y + m[8]);
  }

  double mapY(double x, double y) {
    return (m[3] * x + m[4] * y + m[5]) / (m[6] * x + m[7] * y + m[8]);
  }

  /** Maps {@code [x0, y0, x1, y1, …]} to a new array. */
  double[] map(double[] xy) {
    double[] out = new double[xy.length];
    for (int i = 0; i < xy.length; i += 2) {
      double x = xy[i];
      double y = xy[i + 1];
      double w = m[6] * x + m[7] * y + m[8];
      out[i] = (m[0] * x + m[1] * y + m[2]) / w;
      out[i + 1] = (m[3] * x + m[4] * y + m[5]) / w;
    }
    return out;
  }

  /**
   * Maps a shape: curves are flattened first (to within {@code flatness} in source units), since a
   * projective image of a Bézier curve is not a Bézier curve.
   */
  Path2D.Double map(Shape shape, double flatness) {
    PathIterator it = shape.getPathIterator(null, flatness);
    Path2D.Double out = new Path2D.Double(it.getWindingRule());
    double[] c = new double[6];
    for (; !it.isDone(); it.next()) {
      int type = it.currentSegment(c);
      switch (type) {
        case PathIterator.SEG_MOVETO -> out.moveTo(mapX(c[0], c[1]), mapY(c[0], c[1]));
        case PathIterator.SEG_LINETO -> out.lineTo(mapX(c[0], c[1]), mapY(c[0], c[1]));
        case PathIterator.SEG_CLOSE -> out.closePath();
        default -> throw new IllegalStateException("flattened path has curve segment " + type);
      }
    }
    return out;
  }
}
