package com.buythatlook.vision.onnx;

import java.util.List;

/**
 * The manifest's {@code input}: how pixels become the input tensor, {@code x = (pixel / scale -
 * mean[c]) / std[c]} for tensor channel {@code c}.
 *
 * @param padValue letterbox padding 0..255, applied to every channel before normalisation
 * @param interpolation how pixels are resampled to the input size
 */
public record ModelInput(
    String name,
    int width,
    int height,
    ColorOrder colorOrder,
    String layout,
    double scale,
    List<Double> mean,
    List<Double> std,
    ResizeMode resize,
    int padValue,
    Interpolation interpolation) {

  public ModelInput {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    java.util.Objects.requireNonNull(interpolation, "interpolation");
  }

  /** With the default interpolation, {@link Interpolation#AREA}. */
  public ModelInput(
      String name,
      int width,
      int height,
      ColorOrder colorOrder,
      String layout,
      double scale,
      List<Double> mean,
      List<Double> std,
      ResizeMode resize,
      int padValue) {
    this(
        name,
        width,
        height,
        colorOrder,
        layout,
        scale,
        mean,
        std,
        resize,
        padValue,
        Interpolation.AREA);
  }
}
