package com.buythatlook.cli.invoke;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one invoke in a JVM of its own, as {@code sam local invoke} runs it in a container of its
 * own: the function's environment only ({@link FunctionEnvironment}), its static state and {@code
 * System.exit} its own, a heap sized from its MemorySize. The JVM is the one running btl, with
 * btl's classpath (which holds the three function modules): it runs the code btl was built from,
 * not the zip under the template's CodeUri. {@code JAVA_TOOL_OPTIONS} from the template reaches
 * that JVM as an environment variable, so it applies exactly as on Lambda (the query function's
 * {@code --add-modules jdk.incubator.vector}).
 *
 * <p>The function process enforces the Timeout itself ({@link InvokeRuntime}); this side only stops
 * a process that outlives its Timeout plus Lambda's 10-second init limit plus time to start a JVM,
 * and then reports the same timeout.
 */
final class FunctionProcess {
  /** Lambda's limit on the init phase of an on-demand function. */
  static final int INIT_LIMIT_SECONDS = 10;

  /** Starting a JVM with a large classpath on a busy machine. */
  static final int JVM_START_SECONDS = 10;

  /** Above this the classpath goes into an @argfile instead of the command line. */
  private static final int LONG_CLASSPATH = 32_000;

  private FunctionProcess() {}

  /**
   * @param log receives the function's stdout and stderr: its log
   * @param workDir the function process's working directory
   */
  static InvokeOutcome run(
      FunctionConfig fn,
      Map<String, String> env,
      byte[] event,
      String requestId,
      boolean enforceTimeout,
      PrintWriter log,
      Path workDir)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("btl-invoke-");
    try {
      Path eventFile = Files.write(dir.resolve("event.json"), event);
      Path outcomeFile = dir.resolve("outcome");
      List<String> command =
          command(fn, env, requestId, enforceTimeout, eventFile, outcomeFile, dir);
      ProcessBuilder pb =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      Thread stopOnExit = new Thread(() -> stop(p), "btl-invoke-stop");
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      try {
        p.getOutputStream().close();
        Thread pump = pump(p, log);
        boolean exited;
        if (enforceTimeout) {
          exited =
              p.waitFor(
                  INIT_LIMIT_SECONDS + fn.timeoutSeconds() + JVM_START_SECONDS, TimeUnit.SECONDS);
        } else {
          p.waitFor();
          exited = true;
        }
        if (!exited) {
          stop(p);
        }
        pump.join(TimeUnit.SECONDS.toMillis(5));
        log.flush();
        if (!exited) {
          log.println(
              LambdaErrorJson.timeoutMessage(fn.timeoutSeconds())
                  + " (the function process did not stop by itself and was killed)");
          log.flush();
          return new InvokeOutcome(
              InvokeOutcome.Status.TIMEOUT,
              LambdaErrorJson.timeout(requestId, fn.timeoutSeconds()),
              0,
              fn.timeoutSeconds() * 1000.0,
              0);
        }
        if (Files.isRegularFile(outcomeFile)) {
          try {
            return InvokeOutcome.read(outcomeFile);
          } catch (IOException | RuntimeException unreadable) {
            // as if the runtime had died before writing it
          }
        }
        return new InvokeOutcome(
            InvokeOutcome.Status.FUNCTION_ERROR,
            LambdaErrorJson.runtimeExit(requestId, p.exitValue()),
            0,
            0,
            0);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs anyway
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  static List<String> command(
      FunctionConfig fn,
      Map<String, String> env,
      String requestId,
      boolean enforceTimeout,
      Path eventFile,
      Path outcomeFile,
      Path argDir)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    // the heap leaves the rest of MemorySize to metaspace, threads and native memory
    cmd.add("-Xmx" + Math.max(16, fn.memoryMb() * 85 / 100) + "m");
    cmd.add("-Dfile.encoding=UTF-8");
    // btl logs through slf4j-simple at WARN; the functions' own log4j2.xml logs com.buythatlook
    // at LOG_LEVEL (INFO by default) on Lambda, and so does the function process here
    cmd.add(
        "-Dorg.slf4j.simpleLogger.log.com.buythatlook="
            + env.getOrDefault("LOG_LEVEL", "info").strip().toLowerCase(Locale.ROOT));
    String classpath = System.getProperty("java.class.path");
    if (classpath.length() > LONG_CLASSPATH) {
      Path args = argDir.resolve("classpath.args");
      Files.writeString(args, "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n");
      cmd.add("@" + args);
    } else {
      cmd.add("-cp");
      cmd.add(classpath);
    }
    cmd.add(InvokeRuntime.class.getName());
    cmd.add(fn.handler());
    cmd.add(requestId);
    cmd.add(Integer.toString(fn.timeoutSeconds()));
    cmd.add(Boolean.toString(enforceTimeout));
    cmd.add(eventFile.toAbsolutePath().toString());
    cmd.add(outcomeFile.toAbsolutePath().toString());
    return cmd;
  }

  /** The java launcher running btl. */
  static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static Thread pump(Process p, PrintWriter log) {
    Thread t =
        new Thread(
            () -> {
              try (Reader r = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
                char[] buf = new char[8192];
                int n;
                while ((n = r.read(buf)) >= 0) {
                  synchronized (log) {
                    log.write(buf, 0, n);
                    log.flush();
                  }
                }
              } catch (IOException closed) {
                // the process is gone
              }
            },
            "btl-invoke-log");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind is harmless
    }
  }
}
