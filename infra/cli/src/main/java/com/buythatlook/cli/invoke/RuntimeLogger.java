package com.buythatlook.cli.invoke;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@code context.getLogger()} and {@code LambdaRuntime.getLogger()} in the function process. As the
 * Java runtime does: with {@code AWS_LAMBDA_LOG_FORMAT=JSON} each message becomes a JSON line with
 * timestamp, level and request id, and messages below {@code AWS_LAMBDA_LOG_LEVEL} are dropped; in
 * Text format messages are written as they are. A message without a level always passes. Each
 * message ends a line (CloudWatch shows one event per call).
 */
final class RuntimeLogger implements LambdaLogger {
  private final PrintStream out;
  private final boolean json;
  private final LogLevel minimum;
  private volatile String requestId;

  RuntimeLogger(PrintStream out, String format, String level) {
    this.out = out;
    this.json = "JSON".equalsIgnoreCase(format);
    this.minimum = minimum(level);
  }

  private static LogLevel minimum(String level) {
    try {
      return level == null || level.isBlank() ? LogLevel.UNDEFINED : LogLevel.fromString(level);
    } catch (IllegalArgumentException e) {
      return LogLevel.UNDEFINED;
    }
  }

  void requestId(String id) {
    this.requestId = id;
  }

  @Override
  public void log(String message) {
    log(message, LogLevel.UNDEFINED);
  }

  @Override
  public void log(byte[] message) {
    log(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED);
  }

  @Override
  public void log(String message, LogLevel level) {
    if (json && level != LogLevel.UNDEFINED && level.ordinal() < minimum.ordinal()) {
      return;
    }
    String text = message == null ? "null" : message;
    if (json) {
      StringBuilder b = new StringBuilder("{\"timestamp\":");
      LambdaErrorJson.string(b, Instant.now().toString());
      if (level != LogLevel.UNDEFINED) {
        b.append(",\"level\":");
        LambdaErrorJson.string(b, level.name());
      }
      b.append(",\"message\":");
      LambdaErrorJson.string(b, text);
      if (requestId != null) {
        b.append(",\"AWSRequestId\":");
        LambdaErrorJson.string(b, requestId);
      }
      text = b.append('}').toString();
    }
    synchronized (out) {
      out.print(text.endsWith("\n") ? text : text + "\n");
      out.flush();
    }
  }

  @Override
  public void log(byte[] message, LogLevel level) {
    log(new String(message, StandardCharsets.UTF_8), level);
  }
}
