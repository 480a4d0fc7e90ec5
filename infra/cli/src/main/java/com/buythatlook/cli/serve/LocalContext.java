package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda {@link Context} of one local invocation: a fresh request id, the function's name,
 * the time left before its configured timeout, and a logger that writes through SLF4J under the
 * function's name (where Lambda would write to CloudWatch).
 */
final class LocalContext implements Context {
  private final String functionName;
  private final String requestId = UUID.randomUUID().toString();
  private final long deadlineNanos;
  private final int memoryMb;
  private final LambdaLogger logger;

  private LocalContext(String functionName, Duration timeout, int memoryMb) {
    this.functionName = functionName;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.memoryMb = memoryMb;
    this.logger = new Slf4jLambdaLogger(LoggerFactory.getLogger("lambda." + functionName));
  }

  /** A context for an invocation starting now. */
  static LocalContext invocation(String functionName, Duration timeout, int memoryMb) {
    return new LocalContext(functionName, timeout, memoryMb);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + S3Events.REGION + ":000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  private record Slf4jLambdaLogger(Logger log) implements LambdaLogger {
    @Override
    public void log(String message) {
      log.info(message);
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void log(String message, LogLevel level) {
      switch (level) {
        case FATAL, ERROR -> log.error(message);
        case WARN -> log.warn(message);
        case DEBUG -> log.debug(message);
        case TRACE -> log.trace(message);
        default -> log.info(message);
      }
    }

    @Override
    public void log(byte[] message, LogLevel level) {
      log(new String(message, StandardCharsets.UTF_8), level);
    }
  }
}
