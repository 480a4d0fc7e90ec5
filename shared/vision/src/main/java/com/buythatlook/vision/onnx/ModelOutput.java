package com.buythatlook.vision.onnx;

import java.util.List;

/**
 * The manifest's {@code output}.
 *
 * @param names ONNX output names, in the order {@link OutputFormat} expects
 * @param normalized embedding only: rows already have unit L2 norm (runners re-normalise anyway)
 * @param normalizedBoxes detection: box coordinates are fractions of the input's width and height
 *     (0..1), not input pixels
 */
public record ModelOutput(
    OutputFormat format, List<String> names, boolean normalized, boolean normalizedBoxes) {

  public ModelOutput {
    names = List.copyOf(names);
  }

  /** With box coordinates in input pixels. */
  public ModelOutput(OutputFormat format, List<String> names, boolean normalized) {
    this(format, names, normalized, false);
  }
}
