package com.buythatlook.cli.serve;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code btl demo}: {@code btl serve} on a data folder it fills first when it is empty. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generates, indexes and serves a small synthetic catalog: nothing to set up.",
      "On the first start it generates a synthetic catalog (330 products in 11 categories,"
          + " and 40 street photos, the 12 of its test split shown as demo photos to try),"
          + " uploads it to the embedded S3 server and indexes it"
          + " with the default models (under a minute on two cores); then it does what 'btl"
          + " serve' does. Later starts reuse the folder and are ready in seconds.",
      "Open the printed URL, pick a photo or upload your own, and see the most similar"
          + " products for each item worn in it.",
      ""
    },
    footer = {
      "",
      "The data folder has the layout 'btl serve --help' shows; delete it to start over.",
      "",
      "Example: btl demo",
      "         btl demo --data /tmp/btl --port 0"
    })
public final class DemoCommand extends RuntimeCommand {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "btl-data",
      order = 0,
      description =
          "The data folder, created when missing (default: ${DEFAULT-VALUE} in the"
              + " current folder).")
  Path data;

  @Override
  Path data() {
    return data;
  }

  @Override
  boolean demo() {
    return true;
  }
}
