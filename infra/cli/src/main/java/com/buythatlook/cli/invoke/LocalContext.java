package com.buythatlook.cli.invoke;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The {@link Context} of one local invoke, filled in from the function's environment as the Java
 * runtime fills it from its own: function name, version, memory, log group and stream. The
 * remaining time counts down from the function's Timeout, starting when the invoke starts.
 */
final class LocalContext implements Context {
  private final String requestId;
  private final long deadlineNanos;
  private final LambdaLogger logger;
  private final String functionName;
  private final String functionVersion;
  private final int memoryMb;
  private final String logGroup;
  private final String logStream;
  private final String invokedArn;

  LocalContext(String requestId, long deadlineNanos, LambdaLogger logger) {
    this.requestId = requestId;
    this.deadlineNanos = deadlineNanos;
    this.logger = logger;
    this.functionName = env("AWS_LAMBDA_FUNCTION_NAME", "function");
    this.functionVersion = env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    this.memoryMb = Integer.parseInt(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
    this.logGroup = env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
    this.logStream = env("AWS_LAMBDA_LOG_STREAM_NAME", "$LATEST");
    this.invokedArn = "arn:aws:lambda:" + env("AWS_REGION", "us-east-1") + ":"
        + Intrinsics.ACCOUNT_ID + ":function:" + functionName;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
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
    return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
