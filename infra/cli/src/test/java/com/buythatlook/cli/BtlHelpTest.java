package com.buythatlook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command explains itself: --help exits 0 and ends with an example. */
class BtlHelpTest {

  @Test
  void everyCommandHasHelpWithAnExample() {
    CommandLine root = Btl.commandLine();
    for (String name : root.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cl = Btl.commandLine();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));

      int rc = cl.execute(name, "--help");

      assertThat(rc).as("btl %s --help: %s", name, err).isZero();
      assertThat(out.toString()).as(name).contains("Usage: btl " + name).contains("Example");
    }
    assertThat(root.getSubcommands()).containsKeys("generate", "eval", "fetch", "look", "index");
  }
}
