package com.buythatlook.vision.model;

import java.util.List;

/**
 * The manifest's {@code output}.
 *
 * @param names ONNX output names, in the order {@link OutputFormat} expects
 * @param normalized embedding only: rows already have unit L2 norm (runners re-normalise anyway)
 */
public record ModelOutput(OutputFormat format, List<String> names, boolean normalized) {

  public ModelOutput {
    names = List.copyOf(names);
  }
}
