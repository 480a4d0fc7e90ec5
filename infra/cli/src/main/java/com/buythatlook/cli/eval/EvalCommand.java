package com.buythatlook.cli.eval;

import picocli.CommandLine.Command;

/** Placeholder replaced by the real command (work in progress). */
@Command(name = "eval", description = "work in progress")
public final class EvalCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("eval is not built yet");
  }
}
