package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.buythatlook.cli.serve.UploadNotifier.ObjectCreated;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's asynchronous invocation of the detect function for S3 events, in-process: each event
 * runs the handler on a small pool; a failed invocation is retried after each of the retry delays
 * (Lambda retries twice), and when the last attempt fails too the event is written to the
 * failed-events folder in the shape of Lambda's on-failure destination record, and logged.
 *
 * <p>Such a look stays PENDING; the runtime's start-up scan fires its event again, so restarting
 * after fixing the cause (a full disk, say) finishes it.
 */
final class DetectInvoker implements UploadNotifier.Listener, AutoCloseable {
  static final String FUNCTION_NAME = "btl-detect";
  private static final Logger LOG = LoggerFactory.getLogger(DetectInvoker.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final RequestHandler<S3Event, Void> handler;
  private final List<Duration> retryDelays;
  private final Duration functionTimeout;
  private final Path failedEvents;
  private final ScheduledThreadPoolExecutor pool;

  /**
   * @param retryDelays the pause before each retry; its size is the number of retries
   * @param failedEvents where events that failed every attempt are written
   */
  DetectInvoker(
      RequestHandler<S3Event, Void> handler,
      int threads,
      List<Duration> retryDelays,
      Duration functionTimeout,
      Path failedEvents) {
    this.handler = handler;
    this.retryDelays = List.copyOf(retryDelays);
    this.functionTimeout = functionTimeout;
    this.failedEvents = failedEvents;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ScheduledThreadPoolExecutor(threads, r -> {
      Thread t = new Thread(r, "btl-detect-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // a retry still waiting at shutdown is dropped: its look is PENDING and the next start
    // fires the event again
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public void objectCreated(ObjectCreated event) {
    submit(event, 1, Duration.ZERO);
  }

  private void submit(ObjectCreated event, int attempt, Duration delay) {
    if (pool.isShutdown()) {
      LOG.info("shutting down: {} is left for the next start", event.key());
      return;
    }
    pool.schedule(() -> invoke(event, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void invoke(ObjectCreated event, int attempt) {
    LocalContext context = LocalContext.invocation(FUNCTION_NAME, functionTimeout, 2048);
    try {
      handler.handleRequest(S3Events.of(event), context);
    } catch (RuntimeException | LinkageError e) {
      if (attempt <= retryDelays.size()) {
        Duration delay = retryDelays.get(attempt - 1);
        LOG.warn("detect of {} failed (attempt {}), retrying in {} ms: {}", event.key(), attempt,
            delay.toMillis(), e.toString());
        submit(event, attempt + 1, delay);
      } else {
        recordFailure(event, attempt, context, e);
      }
    }
  }

  /** The on-failure destination record Lambda writes after the last retry. */
  private void recordFailure(ObjectCreated event, int attempts, LocalContext context, Throwable e) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("version", "1.0");
    record.put("timestamp", Instant.now().toString());
    record.put("requestContext", Map.of(
        "requestId", context.getAwsRequestId(),
        "functionArn", context.getInvokedFunctionArn() + ":$LATEST",
        "condition", "RetriesExhausted",
        "approximateInvokeCount", attempts));
    record.put("requestPayload", S3Events.json(event));
    record.put("responseContext", Map.of(
        "statusCode", 200, "executedVersion", "$LATEST", "functionError", "Unhandled"));
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    record.put("responsePayload", Map.of(
        "errorMessage", String.valueOf(e.getMessage()),
        "errorType", e.getClass().getName(),
        "stackTrace", Arrays.asList(trace.toString().split("\n"))));
    Path file = failedEvents.resolve(
        FILE_TIME.format(Instant.now()) + "-" + context.getAwsRequestId() + ".json");
    try {
      Files.createDirectories(failedEvents);
      // written aside and renamed, so that whoever reads the folder never sees half a record
      Path tmp = failedEvents.resolve("." + file.getFileName() + ".tmp");
      Files.write(tmp, JSON.writeValueAsBytes(record));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      LOG.error("detect of {} failed {} times; the event is in {}. The look stays PENDING and is"
          + " tried again at the next start", event.key(), attempts, file, e);
    } catch (IOException io) {
      LOG.error("detect of {} failed {} times, and the event could not be written to {} ({})",
          event.key(), attempts, failedEvents, io.toString(), e);
    }
  }

  /** Stops taking events and waits for running invocations to finish. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(functionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("detect invocations still running after {} s; stopping them",
            functionTimeout.toSeconds());
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
