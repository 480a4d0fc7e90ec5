package com.buythatlook.cli.index;

import com.buythatlook.batch.IndexOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code btl index}: the catalog batch job of infra/batch, with its options. */
@Command(
    name = "index",
    description = {IndexOptions.SUMMARY, IndexOptions.RESUMING, ""},
    footer = {
      "",
      "Example: btl index --catalog data/synth --out data/index",
      "         btl index --catalog s3://btl-images/catalog/ --out s3://btl-images/",
      "         btl index --catalog data/synth --out data/index --base v-3f1c2a9b0d4e"
    })
public final class IndexCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin IndexOptions options;

  @Override
  public Integer call() throws Exception {
    return options.run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
