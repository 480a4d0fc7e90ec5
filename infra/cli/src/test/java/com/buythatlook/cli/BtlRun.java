package com.buythatlook.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code btl} command run in this JVM, as a user runs it: exit status, stdout, stderr. */
public record BtlRun(int rc, String out, String err) {

  public static BtlRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Btl.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int rc = cl.execute(args);
    return new BtlRun(rc, out.toString(), err.toString());
  }
}
