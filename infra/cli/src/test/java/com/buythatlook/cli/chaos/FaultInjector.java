package com.buythatlook.cli.chaos;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Makes a seeded share of the HTTP attempts of the clients it is added to fail, the way S3,
 * DynamoDB and SQS fail: throttling, 500s and timeouts, some before the request leaves and some
 * after the service has carried it out (the write happened, the caller sees an error: the case
 * idempotency is for). It sits inside the SDK's retry loop, so the client's retry strategy sees
 * each fault as it would see the real one, and only what its retries do not absorb reaches the
 * handler.
 *
 * <p>The timeout after a write is real: the interceptor sleeps past the client's
 * apiCallAttemptTimeout and the SDK abandons the attempt itself. Thread-safe.
 */
final class FaultInjector implements ExecutionInterceptor {

  /** What goes wrong, and whether the service saw the request first. */
  enum Kind {
    /**
     * S3 503 SlowDown, DynamoDB 400 ProvisionedThroughputExceededException, SQS 400
     * ThrottlingException.
     */
    THROTTLED(false),
    /** 500 InternalError (DynamoDB: InternalServerError) before the service did anything. */
    SERVER_ERROR(false),
    /** The connection times out: the request never arrived. */
    CONNECT_TIMEOUT(false),
    /** 500 after the service carried the request out. */
    SERVER_ERROR_AFTER_SENT(true),
    /** The response never comes in time: the service carried the request out, the SDK gives up. */
    TIMEOUT_AFTER_SENT(true);

    final boolean afterSent;

    Kind(boolean afterSent) {
      this.afterSent = afterSent;
    }
  }

  private static final ExecutionAttribute<Kind> PENDING = new ExecutionAttribute<>("chaos.fault");
  private static final Kind[] KINDS = Kind.values();

  private final SplittableRandom random;
  private final Duration attemptTimeout;
  private volatile double rate;
  private long attempts;
  private final Map<String, Map<Kind, Integer>> injected = new TreeMap<>();

  /**
   * @param attemptTimeout the apiCallAttemptTimeout of the clients this is added to: a timeout
   *     after the request was sent sleeps past it
   */
  FaultInjector(long seed, Duration attemptTimeout) {
    this.random = new SplittableRandom(seed);
    this.attemptTimeout = attemptTimeout;
  }

  /** The share of attempts that fail from now on; 0 turns faults off. */
  void rate(double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("a fault rate is a share in [0, 1]: " + share);
    }
    this.rate = share;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    Kind kind = draw(service(attributes));
    if (kind == null) {
      return;
    }
    if (kind.afterSent) {
      attributes.putAttribute(PENDING, kind);
      return;
    }
    throw fault(kind, attributes);
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    Kind kind = attributes.getAttribute(PENDING);
    if (kind == null) {
      return;
    }
    // attributes live for the whole call, across its retried attempts
    attributes.putAttribute(PENDING, null);
    if (kind == Kind.TIMEOUT_AFTER_SENT) {
      try {
        Thread.sleep(attemptTimeout.toMillis() * 3 + 1000);
      } catch (InterruptedException timedOut) {
        // the SDK's attempt timer interrupted us; it turns this into ApiCallAttemptTimeoutException
        Thread.currentThread().interrupt();
        throw AbortedException.builder().message("attempt timed out (injected)").build();
      }
      throw new IllegalStateException(
          "the client has no apiCallAttemptTimeout of "
              + attemptTimeout
              + ": an injected timeout cannot end");
    }
    throw fault(kind, attributes);
  }

  private Kind draw(String service) {
    synchronized (this) {
      attempts++;
      // draw both numbers every time so that the sequence only depends on the seed and the count
      double roll = random.nextDouble();
      Kind kind = KINDS[random.nextInt(KINDS.length)];
      if (roll >= rate) {
        return null;
      }
      injected
          .computeIfAbsent(service, s -> new EnumMap<>(Kind.class))
          .merge(kind, 1, Integer::sum);
      return kind;
    }
  }

  private static String service(ExecutionAttributes attributes) {
    String name = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    return name == null ? "?" : name;
  }

  private static RuntimeException fault(Kind kind, ExecutionAttributes attributes) {
    String service = service(attributes);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String where = " (injected into " + service + " " + operation + ")";
    if (kind == Kind.CONNECT_TIMEOUT) {
      // what the url-connection client throws when the connection cannot be made in time
      return SdkClientException.builder()
          .message("Unable to execute HTTP request: Connect timed out" + where)
          .cause(new SocketTimeoutException("Connect timed out"))
          .build();
    }
    boolean throttled = kind == Kind.THROTTLED;
    String s = service.toLowerCase(Locale.ROOT);
    int status;
    String code;
    AwsServiceException.Builder b;
    if (s.contains("s3")) {
      status = throttled ? 503 : 500;
      code = throttled ? "SlowDown" : "InternalError";
      b = S3Exception.builder();
    } else if (s.contains("dynamo")) {
      status = throttled ? 400 : 500;
      code = throttled ? "ProvisionedThroughputExceededException" : "InternalServerError";
      b =
          throttled
              ? ProvisionedThroughputExceededException.builder()
              : DynamoDbException.builder();
    } else {
      status = throttled ? 400 : 500;
      code = throttled ? "ThrottlingException" : "InternalError";
      b = SqsException.builder();
    }
    String message = (throttled ? "Rate exceeded" : "We encountered an internal error") + where;
    return b.statusCode(status)
        .message(message)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName(service)
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
                .build())
        .build();
  }

  /** HTTP attempts seen so far, faulty or not. */
  synchronized long attempts() {
    return attempts;
  }

  /** Faults injected so far. */
  synchronized int total() {
    return injected.values().stream()
        .flatMap(m -> m.values().stream())
        .mapToInt(Integer::intValue)
        .sum();
  }

  /** Faults injected so far, by service and kind, e.g. {@code DynamoDb: THROTTLED=4 …}. */
  synchronized String breakdown() {
    StringBuilder out = new StringBuilder();
    injected.forEach(
        (service, kinds) -> {
          out.append(out.length() == 0 ? "" : "; ").append(service).append(':');
          kinds.forEach(
              (k, n) ->
                  out.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append('=').append(n));
        });
    return out.toString();
  }

  /** Faults injected so far of the kinds that strike after the service carried the request out. */
  synchronized int afterSent() {
    return injected.values().stream()
        .flatMap(m -> m.entrySet().stream())
        .filter(e -> e.getKey().afterSent)
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  /** Forgets the counts (not the random sequence), for the next phase. */
  synchronized void resetCounts() {
    attempts = 0;
    injected.clear();
  }
}
