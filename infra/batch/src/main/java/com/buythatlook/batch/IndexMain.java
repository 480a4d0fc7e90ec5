package com.buythatlook.batch;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code btl-index}: the catalog batch job on its own, the main class of {@code btl-index.jar} that
 * the container ({@code infra/batch/Dockerfile}) runs. The same options and run as {@code btl
 * index}.
 */
@Command(
    name = "btl-index",
    description = {IndexOptions.SUMMARY, IndexOptions.RESUMING, ""},
    footer = {
      "",
      "Example: java -jar btl-index.jar --catalog data/synth --out data/index",
      "         java -jar btl-index.jar --catalog s3://shop/catalog/ --out s3://shop/",
      "In the container, infra/batch/entrypoint.sh builds these options from BTL_CATALOG, BTL_OUT,"
          + " BTL_EMBEDDER and BTL_BASE."
    })
public final class IndexMain implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin IndexOptions options;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The configured command line: a usage mistake (an {@link IllegalArgumentException}, a file that
   * cannot be used) is one sentence on stderr and exit status 2, without a stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new IndexMain());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          String sentence = e instanceof IllegalArgumentException ? e.getMessage() : fileProblem(e);
          if (sentence != null) {
            cmd.getErr().println("btl-index: " + sentence);
            cmd.getErr().flush();
            return 2;
          }
          throw e;
        });
    return cl;
  }

  /** A file the user named that cannot be used, from {@code e} or a cause; else null (a bug). */
  private static String fileProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FileSystemException f && f.getFile() != null) {
        return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot be used");
      }
      if (t instanceof IOException && "Is a directory".equals(t.getMessage())) {
        return "a folder was given where a file is expected";
      }
    }
    return null;
  }

  @Override
  public Integer call() throws IOException {
    return options.run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
