package com.buythatlook.cli.models;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code btl model}: tools for bringing your own model. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {"Tools for bringing your own model: 'btl model import FILE.onnx'.", ""},
    subcommands = {ModelImportCommand.class},
    footer = {
      "",
      "Example:",
      "  btl model import best.onnx --out models/my-detector",
      "",
      "Run 'btl model import --help' for its options."
    })
public final class ModelCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
