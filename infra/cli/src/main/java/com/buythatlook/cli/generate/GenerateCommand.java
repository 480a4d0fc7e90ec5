package com.buythatlook.cli.generate;

import picocli.CommandLine.Command;

/** Placeholder replaced by the real command (work in progress). */
@Command(name = "generate", description = "work in progress")
public final class GenerateCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("generate is not built yet");
  }
}
