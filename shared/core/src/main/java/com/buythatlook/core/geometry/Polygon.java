package com.buythatlook.core.geometry;

import java.util.Arrays;

/**
 * A simple closed polygon in pixel coordinates, stored as {@code [x0, y0, x1, y1, …]} — the COCO
 * {@code segmentation} polygon layout.
 */
public record Polygon(double[] xy) {

  public Polygon {
    if (xy.length < 6 || xy.length % 2 != 0) {
      throw new IllegalArgumentException(
          "a polygon needs at least 3 points as x,y pairs; got " + xy.length + " numbers");
    }
    for (double v : xy) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("polygon coordinates must be finite");
      }
    }
    xy = xy.clone();
  }

  public int size() {
    return xy.length / 2;
  }

  public double x(int i) {
    return xy[2 * i];
  }

  public double y(int i) {
    return xy[2 * i + 1];
  }

  /** Area by the shoelace formula (absolute value, so orientation does not matter). */
  public double area() {
    double s = 0;
    int n = size();
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      s += x(i) * y(j) - x(j) * y(i);
    }
    return Math.abs(s) / 2;
  }

  public Box bounds() {
    double x0 = Double.POSITIVE_INFINITY, y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size(); i++) {
      x0 = Math.min(x0, x(i));
      x1 = Math.max(x1, x(i));
      y0 = Math.min(y0, y(i));
      y1 = Math.max(y1, y(i));
    }
    return Box.ofCorners(x0, y0, x1, y1);
  }

  /** Even-odd point-in-polygon test. */
  public boolean contains(double px, double py) {
    boolean inside = false;
    int n = size();
    for (int i = 0, j = n - 1; i < n; j = i++) {
      double xi = x(i), yi = y(i), xj = x(j), yj = y(j);
      if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }

  /**
   * Rasterises the polygon into a {@code width × height} mask, row-major; a pixel is inside when
   * its centre is.
   */
  public boolean[] rasterize(int width, int height) {
    boolean[] mask = new boolean[width * height];
    int[] b = bounds().pixelBounds(width, height);
    for (int y = b[1]; y < b[3]; y++) {
      for (int x = b[0]; x < b[2]; x++) {
        mask[y * width + x] = contains(x + 0.5, y + 0.5);
      }
    }
    return mask;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Polygon p && Arrays.equals(xy, p.xy);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xy);
  }

  @Override
  public String toString() {
    return "Polygon" + Arrays.toString(xy);
  }
}
