package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda {@link Context} of one local invocation: request id, function name, version, memory,
 * log group and stream, and the time left before the function's timeout. Two sources: {@link
 * #invocation} for the local runtime's own invocations of the handlers, and {@link
 * #fromLambdaEnvironment} for {@code btl invoke}'s child process, which fills it from the variables
 * the Java runtime reads ({@code AWS_LAMBDA_FUNCTION_NAME} …).
 */
public final class LocalContext implements Context {
  private static final String LOCAL_ACCOUNT = "000000000000";

  private final String requestId;
  private final String functionName;
  private final String functionVersion;
  private final int memoryMb;
  private final String logGroup;
  private final String logStream;
  private final String invokedArn;
  private final long deadlineNanos;
  private final LambdaLogger logger;

  private LocalContext(
      String requestId,
      String functionName,
      String functionVersion,
      int memoryMb,
      String logGroup,
      String logStream,
      String invokedArn,
      long deadlineNanos,
      LambdaLogger logger) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.functionVersion = functionVersion;
    this.memoryMb = memoryMb;
    this.logGroup = logGroup;
    this.logStream = logStream;
    this.invokedArn = invokedArn;
    this.deadlineNanos = deadlineNanos;
    this.logger = logger;
  }

  /**
   * A context for an invocation by the local runtime starting now; its logger writes through SLF4J
   * under {@code lambda.{functionName}} (where Lambda would write to CloudWatch).
   */
  static LocalContext invocation(String functionName, Duration timeout, int memoryMb) {
    return new LocalContext(
        UUID.randomUUID().toString(),
        functionName,
        "$LATEST",
        memoryMb,
        "/aws/lambda/" + functionName,
        "local",
        arn(S3Events.REGION, LOCAL_ACCOUNT, functionName),
        System.nanoTime() + timeout.toNanos(),
        new Slf4jLambdaLogger(LoggerFactory.getLogger("lambda." + functionName)));
  }

  /**
   * A context filled from a function process's environment, as the Java runtime fills it.
   *
   * @param deadlineNanos {@link System#nanoTime()} at which the function's timeout expires
   */
  public static LocalContext fromLambdaEnvironment(
      UnaryOperator<String> env,
      String accountId,
      String requestId,
      long deadlineNanos,
      LambdaLogger logger) {
    String name = orElse(env.apply("AWS_LAMBDA_FUNCTION_NAME"), "function");
    return new LocalContext(
        requestId,
        name,
        orElse(env.apply("AWS_LAMBDA_FUNCTION_VERSION"), "$LATEST"),
        Integer.parseInt(orElse(env.apply("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), "128")),
        orElse(env.apply("AWS_LAMBDA_LOG_GROUP_NAME"), "/aws/lambda/" + name),
        orElse(env.apply("AWS_LAMBDA_LOG_STREAM_NAME"), "$LATEST"),
        arn(orElse(env.apply("AWS_REGION"), "us-east-1"), accountId, name),
        deadlineNanos,
        logger);
  }

  private static String arn(String region, String account, String function) {
    return "arn:aws:lambda:" + region + ":" + account + ":function:" + function;
  }

  private static String orElse(String v, String fallback) {
    return v == null || v.isBlank() ? fallback : v;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return logGroup;
  }

  @Override
  public String getLogStreamName() {
    return logStream;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return functionVersion;
  }

  @Override
  public String getInvokedFunctionArn() {
    return invokedArn;
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
