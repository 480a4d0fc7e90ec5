package com.buythatlook.cli.generate;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;

/**
 * Small builders for the outlines of bodies and garments, in body units (see {@link Figure}). Most
 * garments are left–right symmetric, so they are written as their right half.
 */
final class Shapes {
  private Shapes() {}

  static Path2D.Double polygon(double... xy) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) {
      p.lineTo(xy[i], xy[i + 1]);
    }
    p.closePath();
    return p;
  }

  /** An open polyline, for seams and other stroked details. */
  static Path2D.Double polyline(double... xy) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) {
      p.lineTo(xy[i], xy[i + 1]);
    }
    return p;
  }

  /**
   * A closed outline symmetric about {@code x = 0}, given as its right half: points from the top of
   * the centre line clockwise round to the bottom of it. End points on the centre line are not
   * repeated.
   */
  static Path2D.Double symmetric(double... right) {
    int n = right.length / 2;
    Path2D.Double p = new Path2D.Double();
    p.moveTo(right[0], right[1]);
    for (int i = 1; i < n; i++) {
      p.lineTo(right[2 * i], right[2 * i + 1]);
    }
    int last = Math.abs(right[2 * (n - 1)]) < 1e-9 ? n - 2 : n - 1;
    int first = Math.abs(right[0]) < 1e-9 ? 1 : 0;
    for (int i = last; i >= first; i--) {
      p.lineTo(-right[2 * i], right[2 * i + 1]);
    }
    p.closePath();
    return p;
  }

  static Shape ellipse(double cx, double cy, double rx, double ry) {
    return new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
  }

  static Shape rect(double x0, double y0, double x1, double y1) {
    return new Rectangle2D.Double(x0, y0, x1 - x0, y1 - y0);
  }

  static Shape roundRect(double x0, double y0, double x1, double y1, double radius) {
    return new RoundRectangle2D.Double(x0, y0, x1 - x0, y1 - y0, 2 * radius, 2 * radius);
  }

  static Shape mirror(Shape s) {
    return AffineTransform.getScaleInstance(-1, 1).createTransformedShape(s);
  }

  /** The area a pen of {@code width} covers when tracing {@code path}. */
  static Shape stroke(Shape path, double width) {
    return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
        .createStrokedShape(path);
  }

  static Area union(Shape... shapes) {
    Area a = new Area();
    for (Shape s : shapes) {
      a.add(new Area(s));
    }
    return a;
  }

  static Area minus(Shape a, Shape b) {
    Area r = new Area(a);
    r.subtract(new Area(b));
    return r;
  }

  static Area intersect(Shape a, Shape b) {
    Area r = new Area(a);
    r.intersect(new Area(b));
    return r;
  }
}
