package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.buythatlook.cli.delivery.AsyncInvocation;
import com.buythatlook.cli.delivery.DeliveryRules;
import com.buythatlook.cli.serve.UploadNotifier.ObjectCreated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 notifications of new uploads, delivered to the detect function by {@link AsyncInvocation}
 * (Lambda's retries and on-failure record) on a small pool, waiting {@code retryDelays} before the
 * retries. The on-failure destination is the failed-events folder.
 *
 * <p>A look whose attempts all failed stays PENDING; the runtime's start-up scan fires its event
 * again, so restarting after fixing the cause (a full disk, say) finishes it.
 */
final class DetectInvoker implements UploadNotifier.Listener, AutoCloseable {
  static final String FUNCTION_NAME = "btl-detect";
  private static final Logger LOG = LoggerFactory.getLogger(DetectInvoker.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final AsyncInvocation<S3Event> invocation;
  private final List<Duration> retryDelays;
  private final Duration functionTimeout;
  private final ScheduledThreadPoolExecutor pool;

  /**
   * @param retryDelays the pause before each retry; the last one stands for any further retries the
   *     rules ask for
   * @param failedEvents where events that failed every attempt are written
   */
  DetectInvoker(
      RequestHandler<S3Event, Void> handler,
      int threads,
      DeliveryRules rules,
      List<Duration> retryDelays,
      Duration functionTimeout,
      Path failedEvents) {
    if (retryDelays.isEmpty() && rules.maximumRetryAttempts() > 0) {
      throw new IllegalArgumentException("retries need a delay");
    }
    this.invocation =
        new AsyncInvocation<>(
            S3Event.class,
            LocalContext.invocation(FUNCTION_NAME, functionTimeout, 2048).getInvokedFunctionArn(),
            handler,
            () -> LocalContext.invocation(FUNCTION_NAME, functionTimeout, 2048),
            rules,
            record -> write(failedEvents, record));
    this.retryDelays = List.copyOf(retryDelays);
    this.functionTimeout = functionTimeout;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ScheduledThreadPoolExecutor(
            threads,
            r -> {
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
    pool.schedule(
        () -> {
          try {
            switch (invocation.attempt(S3Events.of(event), attempt)) {
              case RETRY -> {
                Duration next = retryDelays.get(Math.min(attempt, retryDelays.size()) - 1);
                LOG.warn(
                    "detect of {} failed (attempt {}), retrying in {} ms",
                    event.key(),
                    attempt,
                    next.toMillis());
                submit(event, attempt + 1, next);
              }
              case SENT_TO_DESTINATION ->
                  LOG.error(
                      "detect of {} failed {} times; the event is in"
                          + " the failed-events folder. The look stays PENDING and is tried again at the next"
                          + " start",
                      event.key(),
                      attempt);
              default -> {}
            }
          } catch (RuntimeException e) {
            LOG.error(
                "detect of {} failed {} times, and its on-failure record could not be written",
                event.key(),
                attempt,
                e);
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Written aside and renamed, so that whoever reads the folder never sees half a record. */
  private static void write(Path folder, String record) throws java.io.IOException {
    Files.createDirectories(folder);
    String name = FILE_TIME.format(Instant.now()) + "-" + UUID.randomUUID() + ".json";
    Path tmp = folder.resolve("." + name + ".tmp");
    Files.writeString(tmp, record);
    Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Stops taking events and waits for running invocations to finish. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(functionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "detect invocations still running after {} s; stopping them",
            functionTimeout.toSeconds());
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
