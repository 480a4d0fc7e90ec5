package com.buythatlook.vision.onnx;

import com.buythatlook.core.geometry.Box;

/**
 * Where a photo landed in the network's input: scaled by {@code scaleX, scaleY} to {@code
 * resizedWidth × resizedHeight} and placed at {@code padLeft, padTop}. Maps boxes and points
 * between the two spaces; a letterbox has equal scales, a stretch none of the padding.
 */
public record InputTransform(
    int sourceWidth,
    int sourceHeight,
    int resizedWidth,
    int resizedHeight,
    int padLeft,
    int padTop) {

  /** Geometry of bringing a {@code width × height} photo to the input size of {@code in}. */
  public static InputTransform of(int width, int height, ModelInput in) {
    if (in.resize() == ResizeMode.STRETCH) {
      return new InputTransform(width, height, in.width(), in.height(), 0, 0);
    }
    if (in.resize() == ResizeMode.SHORTEST_SIDE_CROP) {
      // torchvision's Resize(size): the shorter side becomes its target, the other is truncated
      // (for a non-square input each side is fitted, so that both cover the input)
      int w;
      int h;
      if (in.width() / (double) width >= in.height() / (double) height) {
        w = in.width();
        h = Math.max(in.height(), (int) ((double) in.width() * height / width));
      } else {
        h = in.height();
        w = Math.max(in.width(), (int) ((double) in.height() * width / height));
      }
      // negative padding: the crop's offset into the resized photo
      return new InputTransform(
          width, height, w, h, -((w - in.width()) / 2), -((h - in.height()) / 2));
    }
    double r = Math.min(in.width() / (double) width, in.height() / (double) height);
    int w = Math.max(1, Math.min(in.width(), (int) Math.round(width * r)));
    int h = Math.max(1, Math.min(in.height(), (int) Math.round(height * r)));
    return new InputTransform(width, height, w, h, (in.width() - w) / 2, (in.height() - h) / 2);
  }

  public double scaleX() {
    return resizedWidth / (double) sourceWidth;
  }

  public double scaleY() {
    return resizedHeight / (double) sourceHeight;
  }

  public double toSourceX(double inputX) {
    return (inputX - padLeft) / scaleX();
  }

  public double toSourceY(double inputY) {
    return (inputY - padTop) / scaleY();
  }

  public double toInputX(double sourceX) {
    return sourceX * scaleX() + padLeft;
  }

  public double toInputY(double sourceY) {
    return sourceY * scaleY() + padTop;
  }

  /** An input-space box {@code [x0, x1) × [y0, y1)} in photo pixels, clipped to the photo. */
  public Box toSource(double x0, double y0, double x1, double y1) {
    double left = clamp(toSourceX(Math.min(x0, x1)), sourceWidth);
    double right = clamp(toSourceX(Math.max(x0, x1)), sourceWidth);
    double top = clamp(toSourceY(Math.min(y0, y1)), sourceHeight);
    double bottom = clamp(toSourceY(Math.max(y0, y1)), sourceHeight);
    return new Box(left, top, right - left, bottom - top);
  }

  private static double clamp(double v, int max) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(max, v));
  }
}
