package com.buythatlook.cli.invoke;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.buythatlook.cli.serve.LocalContext;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The function process of {@code btl invoke}: plays the Lambda Java runtime for one invoke. It
 * loads and constructs the handler ({@link HandlerLoader}: the init phase), then calls it with the
 * event and a {@link LocalContext}, and writes the response or the runtime's error JSON to the
 * outcome file ({@link InvokeOutcome}). Its stdout and stderr are the function's log, with the
 * platform's {@code START}, {@code END} and {@code REPORT} lines around the invoke.
 *
 * <p>The invoke's deadline is the function's Timeout after the handler is called, as on Lambda;
 * when it passes, the process logs {@code Task timed out after N.00 seconds} and halts, whatever
 * the handler is doing. Shutdown hooks do not run: Lambda freezes a sandbox after an invoke, it
 * does not shut the JVM down.
 *
 * <p>Arguments: {@code HANDLER REQUEST_ID TIMEOUT_SECONDS ENFORCE_TIMEOUT EVENT_FILE OUTCOME_FILE}.
 * Only {@link FunctionProcess} starts it.
 */
public final class InvokeRuntime {
  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String requestId;
  private final int timeoutSeconds;
  private final Path outcomeFile;
  private final PrintStream log = System.out;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final int memoryMb =
      Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
  private double initMillis;

  private InvokeRuntime(String requestId, int timeoutSeconds, Path outcomeFile) {
    this.requestId = requestId;
    this.timeoutSeconds = timeoutSeconds;
    this.outcomeFile = outcomeFile;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: InvokeRuntime HANDLER REQUEST_ID TIMEOUT_SECONDS ENFORCE"
              + " EVENT_FILE OUTCOME_FILE (started by btl invoke)");
      System.exit(2);
    }
    new InvokeRuntime(args[1], Integer.parseInt(args[2]), Path.of(args[5]))
        .run(args[0], Boolean.parseBoolean(args[3]), Path.of(args[4]));
  }

  private void run(String handler, boolean enforceTimeout, Path eventFile) throws IOException {
    RuntimeLogger logger =
        new RuntimeLogger(
            log, System.getenv("AWS_LAMBDA_LOG_FORMAT"), System.getenv("AWS_LAMBDA_LOG_LEVEL"));
    installRuntimeLogger(logger);
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    byte[] event = Files.readAllBytes(eventFile);
    boolean json = "JSON".equalsIgnoreCase(System.getenv("AWS_LAMBDA_LOG_FORMAT"));

    HandlerLoader.Invocable function;
    try {
      function = HandlerLoader.load(handler, loader);
    } catch (HandlerLoader.InitFault f) {
      logger.log(f.reportable(), json ? LogLevel.ERROR : LogLevel.UNDEFINED);
      initMillis = sinceProcessStart();
      finish(
          InvokeOutcome.Status.INIT_ERROR,
          LambdaErrorJson.of(f.errorMessage, f.errorType, null),
          0);
      return;
    }
    initMillis = sinceProcessStart();

    log.println("START RequestId: " + requestId + " Version: $LATEST");
    log.flush();
    logger.requestId(requestId);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    if (enforceTimeout) {
      watch(deadline);
    }
    InvokeOutcome.Status status;
    String payload;
    try {
      LocalContext context =
          LocalContext.fromLambdaEnvironment(
              System::getenv, Intrinsics.ACCOUNT_ID, requestId, deadline, logger);
      payload = new String(function.invoke(event, context), StandardCharsets.UTF_8);
      status = InvokeOutcome.Status.SUCCESS;
    } catch (Throwable t) {
      HandlerLoader.filter(t);
      HandlerLoader.InitFault fault = HandlerLoader.InitFault.of(t); // the runtime logs it so
      logger.log(fault.reportable(), json ? LogLevel.ERROR : LogLevel.UNDEFINED);
      payload = LambdaErrorJson.of(t);
      status = InvokeOutcome.Status.FUNCTION_ERROR;
    }
    finish(status, payload, (System.nanoTime() - start) / 1e6);
  }

  /** Writes the outcome and halts, unless the timeout already did. */
  private void finish(InvokeOutcome.Status status, String payload, double durationMillis)
      throws IOException {
    if (!finished.compareAndSet(false, true)) {
      parkForever(); // the watchdog is writing the timeout and halting the process
    }
    if (status != InvokeOutcome.Status.INIT_ERROR) {
      report(durationMillis);
    }
    new InvokeOutcome(status, payload, initMillis, durationMillis, maxMemoryMb())
        .write(outcomeFile);
    halt(status == InvokeOutcome.Status.SUCCESS ? 0 : 1);
  }

  private void watch(long deadline) {
    Thread watchdog =
        new Thread(
            () -> {
              long left;
              while ((left = deadline - System.nanoTime()) > 0) {
                try {
                  TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                  // only the deadline ends this thread
                }
              }
              if (!finished.compareAndSet(false, true)) {
                return;
              }
              log.println(
                  LOG_TIME.format(Instant.now())
                      + " "
                      + requestId
                      + " "
                      + LambdaErrorJson.timeoutMessage(timeoutSeconds));
              report(timeoutSeconds * 1000.0);
              try {
                new InvokeOutcome(
                        InvokeOutcome.Status.TIMEOUT,
                        LambdaErrorJson.timeout(requestId, timeoutSeconds),
                        initMillis,
                        timeoutSeconds * 1000.0,
                        maxMemoryMb())
                    .write(outcomeFile);
              } catch (IOException e) {
                e.printStackTrace(); // the parent then reports the exit as a runtime error
              }
              halt(1);
            },
            "btl-invoke-timeout");
    watchdog.setDaemon(true);
    watchdog.setPriority(Thread.MAX_PRIORITY);
    watchdog.start();
  }

  private void report(double durationMillis) {
    log.println("END RequestId: " + requestId);
    log.printf(
        Locale.ROOT,
        "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
            + "Memory Size: %d MB\tMax Memory Used: %d MB\tInit Duration: %.2f ms\t%n",
        requestId,
        durationMillis,
        (long) Math.ceil(durationMillis),
        memoryMb,
        maxMemoryMb(),
        initMillis);
    log.flush();
  }

  private void halt(int status) {
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }

  private static void parkForever() {
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // keep waiting for the halt
      }
    }
  }

  /** Lambda's Init Duration includes starting the JVM. */
  private static double sinceProcessStart() {
    return ProcessHandle.current()
        .info()
        .startInstant()
        .map(t -> Duration.between(t, Instant.now()).toNanos() / 1e6)
        .orElse(0.0);
  }

  /** Peak resident memory (Linux VmHWM), as Lambda measures it; the heap in use elsewhere. */
  private static long maxMemoryMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return (kb + 1023) / 1024;
        }
      }
    } catch (IOException | RuntimeException notLinux) {
      // fall through
    }
    Runtime r = Runtime.getRuntime();
    return (r.totalMemory() - r.freeMemory()) >> 20;
  }

  /** {@code LambdaRuntime.getLogger()} returns the same logger as the context, as on Lambda. */
  private static void installRuntimeLogger(RuntimeLogger logger) {
    try {
      Field f = LambdaRuntime.class.getDeclaredField("logger");
      f.setAccessible(true);
      f.set(null, logger);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // an aws-lambda-java-core without that field: its default logger prints to stdout too
    }
  }
}
