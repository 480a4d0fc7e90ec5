package com.buythatlook.cli.fetch;

import picocli.CommandLine.Command;

/** Placeholder replaced by the real command (work in progress). */
@Command(name = "fetch", description = "work in progress")
public final class FetchCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("fetch is not built yet");
  }
}
