package com.buythatlook.cli.chaos;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A moto_server on a free loopback port for one chaos run, or an emulator already listening where
 * the system property {@code btl.aws.endpoint} says (as core's {@code MotoServer} test extension
 * does, which this mirrors for a plain {@code main} that has no JUnit around it).
 */
final class MotoProcess implements AutoCloseable {
  static final String ENDPOINT_PROPERTY = "btl.aws.endpoint";

  private final Process process;
  private final Path log;
  private final URI endpoint;

  private MotoProcess(Process process, Path log, URI endpoint) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
  }

  static MotoProcess start() throws IOException, InterruptedException {
    String configured = System.getProperty(ENDPOINT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return new MotoProcess(null, null, URI.create(configured.strip().replaceAll("/+$", "")));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("chaos-moto-", ".log");
    Process p =
        new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    MotoProcess moto = new MotoProcess(p, log, URI.create("http://127.0.0.1:" + port));
    // a run stopped with Ctrl-C or by a timeout must not leave the server behind
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-moto"));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        String out = Files.readString(log);
        moto.close();
        throw new IllegalStateException("moto_server exited: " + out);
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) moto.endpoint.resolve("/moto-api/").toURL().openConnection();
        c.setConnectTimeout(200);
        c.setReadTimeout(1000);
        if (c.getResponseCode() > 0) {
          return moto;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    moto.close();
    throw new IllegalStateException(
        "moto_server did not start on port "
            + port
            + " within 60 s (is 'pip install moto[server]' done?)");
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (log != null) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
