package com.buythatlook.functions.query;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Log events of the {@code com.buythatlook} loggers as log4j2.xml routes them, with their MDC,
 * collected while the object is open.
 */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {
  /** One captured line: the formatted message and the MDC's look id. */
  record Line(String message, String lookId, String requestId) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final LoggerConfig config;

  CapturedLogs() {
    super("captured", null, null, true, Property.EMPTY_ARRAY);
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    config = context.getConfiguration().getLoggerConfig("com.buythatlook");
    start();
    config.addAppender(this, null, null);
    context.updateLoggers();
  }

  @Override
  public void append(LogEvent event) {
    lines.add(
        new Line(
            event.getMessage().getFormattedMessage(),
            event.getContextData().getValue("lookId"),
            event.getContextData().getValue("function_request_id")));
  }

  List<Line> lines() {
    return lines;
  }

  @Override
  public void close() {
    config.removeAppender(getName());
    ((LoggerContext) LogManager.getContext(false)).updateLoggers();
    stop();
  }
}
