package com.buythatlook.core.geometry;

/**
 * An axis-aligned box in pixel coordinates: {@code left, top} is the top-left corner, the box
 * covers {@code [left, left + width) × [top, top + height)}. This is street2shop's {@code bbox}
 * convention.
 */
public record Box(double left, double top, double width, double height) {

  public Box {
    if (!(width >= 0) || !(height >= 0) || !Double.isFinite(left) || !Double.isFinite(top)) {
      throw new IllegalArgumentException(
          "box needs finite coordinates and non-negative size: "
              + left
              + ","
              + top
              + " "
              + width
              + "x"
              + height);
    }
  }

  public static Box ofCorners(double x0, double y0, double x1, double y1) {
    return new Box(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
  }

  /** Centre-format constructor, as YOLO-style detectors emit boxes. */
  public static Box ofCentre(double cx, double cy, double w, double h) {
    return new Box(cx - w / 2, cy - h / 2, w, h);
  }

  public double right() {
    return left + width;
  }

  public double bottom() {
    return top + height;
  }

  public double area() {
    return width * height;
  }

  public Box intersection(Box o) {
    double x0 = Math.max(left, o.left);
    double y0 = Math.max(top, o.top);
    double x1 = Math.min(right(), o.right());
    double y1 = Math.min(bottom(), o.bottom());
    if (x1 <= x0 || y1 <= y0) {
      return new Box(x0, y0, 0, 0);
    }
    return new Box(x0, y0, x1 - x0, y1 - y0);
  }

  /** Intersection over union; 0 when both boxes are empty. */
  public double iou(Box o) {
    double inter = intersection(o).area();
    double union = area() + o.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  /** This box clipped to an image of the given size. */
  public Box clip(int imageWidth, int imageHeight) {
    return intersection(new Box(0, 0, imageWidth, imageHeight));
  }

  /** Integer pixel bounds {@code [x0, y0, x1, y1)} covering the box, clipped to the image. */
  public int[] pixelBounds(int imageWidth, int imageHeight) {
    int x0 = (int) Math.min(imageWidth, Math.max(0, Math.floor(left)));
    int y0 = (int) Math.min(imageHeight, Math.max(0, Math.floor(top)));
    int x1 = (int) Math.min(imageWidth, Math.ceil(right()));
    int y1 = (int) Math.min(imageHeight, Math.ceil(bottom()));
    return new int[] {x0, y0, Math.max(x0, x1), Math.max(y0, y1)};
  }
}
