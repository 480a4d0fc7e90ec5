package com.buythatlook.cli;

import com.buythatlook.cli.eval.EvalCommand;
import com.buythatlook.cli.fetch.FetchCommand;
import com.buythatlook.cli.generate.GenerateCommand;
import com.buythatlook.cli.index.IndexCommand;
import com.buythatlook.cli.invoke.InvokeCommand;
import com.buythatlook.cli.look.LookCommand;
import com.buythatlook.cli.serve.DemoCommand;
import com.buythatlook.cli.serve.ServeCommand;
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
          if (e instanceof IllegalArgumentException || e instanceof UserError) {
            cmd.getErr().println("btl " + cmd.getCommandName() + ": " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
