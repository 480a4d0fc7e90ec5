package com.buythatlook.cli;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.eval.EvalCommand;
import com.buythatlook.cli.fetch.FetchCommand;
import com.buythatlook.cli.generate.GenerateCommand;
import com.buythatlook.cli.index.IndexCommand;
import com.buythatlook.cli.invoke.InvokeCommand;
import com.buythatlook.cli.photo.LookCommand;
import com.buythatlook.cli.serve.DemoCommand;
import com.buythatlook.cli.serve.ServeCommand;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code btl}: the command line of Buy That Look. */
@Command(
    name = "btl",
    mixinStandardHelpOptions = true,
    version = "btl 0.1.0",
    description = {
      "Buy That Look: finds the catalog products most similar to each fashion item worn in a"
          + " photo.",
      ""
    },
    subcommands = {
      GenerateCommand.class,
      EvalCommand.class,
      FetchCommand.class,
      IndexCommand.class,
      LookCommand.class,
      com.buythatlook.cli.models.ModelCommand.class,
      InvokeCommand.class,
      DemoCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'btl COMMAND --help' for a command's options and an example."})
public final class Btl implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Btl());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          String sentence =
              e instanceof IllegalArgumentException || e instanceof UserError
                  ? e.getMessage()
                  : fileProblem(e);
          if (sentence != null) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + sentence);
            cmd.getErr().flush();
            return 2;
          }
          throw e;
        });
    return cl;
  }

  /**
   * The sentence for a file the user named that cannot be used (missing, unreadable, a folder where
   * a file is expected), from the exception or one of its causes; null for anything else, which is
   * a bug or an infrastructure failure and keeps its stack trace.
   */
  static String fileProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoSuchFileException f) {
        return f.getFile() + " does not exist";
      }
      if (t instanceof AccessDeniedException f) {
        return f.getFile() + " cannot be read or written (permission denied)";
      }
      if (t instanceof NotDirectoryException f) {
        return f.getFile() + " is not a folder";
      }
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
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
