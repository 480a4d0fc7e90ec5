package com.buythatlook.functions.query;

import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Run by QueryPackageIT in a fresh JVM on the built zip: writes one log line with a look id in the
 * MDC, as the API does, so the test can read what the zip's logging configuration makes of it.
 */
public final class LogLineProbe {
  private LogLineProbe() {}

  public static void main(String[] args) {
    MDC.put("lookId", args[0]);
    LoggerFactory.getLogger("com.buythatlook.core.api.LookApi").info("probe line");
  }
}
