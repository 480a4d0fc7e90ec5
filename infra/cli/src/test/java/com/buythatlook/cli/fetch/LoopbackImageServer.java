package com.buythatlook.cli.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 (never another interface) that plays the hosts behind photos.txt:
 * good images, dead links, slow and flaky servers, bodies cut short, HTML error pages. Counts the
 * requests per path so tests can tell what was retried and what was not asked for at all.
 */
final class LoopbackImageServer implements AutoCloseable {
  /** What the server does for one path; {@code n} is 1 for the first request to it. */
  @FunctionalInterface
  interface Route {
    void respond(HttpExchange exchange, int n) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  LoopbackImageServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // One thread per exchange: a deliberately slow route must not hold up the others.
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  LoopbackImageServer route(String path, Route route) {
    routes.put(path, route);
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Route route = routes.getOrDefault(path, (ex, i) -> status(ex, 404));
    try (exchange) {
      route.respond(exchange, n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is shutting down
    }
  }

  static Route ok(byte[] body, String contentType) {
    return (ex, n) -> send(ex, 200, body, contentType);
  }

  static Route status(int code) {
    return (ex, n) -> status(ex, code);
  }

  /** Fails the first {@code failures} requests with {@code code}, then serves the body. */
  static Route failFirst(int failures, int code, byte[] body, String contentType) {
    return (ex, n) -> {
      if (n <= failures) {
        ex.getResponseHeaders().add("Retry-After", "0");
        status(ex, code);
      } else {
        send(ex, 200, body, contentType);
      }
    };
  }

  /** Answers only after {@code millis}: past the client's timeout. */
  static Route slowHeaders(long millis, byte[] body) {
    return (ex, n) -> {
      Thread.sleep(millis);
      send(ex, 200, body, "image/jpeg");
    };
  }

  /** Sends the headers and half the body at once, the rest after {@code millis}. */
  static Route slowBody(long millis, byte[] body) {
    return (ex, n) -> {
      ex.getResponseHeaders().add("Content-Type", "image/jpeg");
      ex.sendResponseHeaders(200, body.length);
      OutputStream out = ex.getResponseBody();
      out.write(body, 0, body.length / 2);
      out.flush();
      Thread.sleep(millis);
      out.write(body, body.length / 2, body.length - body.length / 2);
    };
  }

  /**
   * Declares the full Content-Length, sends {@code sent} bytes, then drops the connection: throwing
   * from the handler makes HttpServer close the socket.
   */
  static Route truncated(byte[] body, int sent) {
    return (ex, n) -> {
      ex.getResponseHeaders().add("Content-Type", "image/jpeg");
      ex.sendResponseHeaders(200, body.length);
      OutputStream out = ex.getResponseBody();
      out.write(body, 0, sent);
      out.flush();
      throw new IOException("test server: dropping the connection mid-body");
    };
  }

  static Route redirect(String location) {
    return (ex, n) -> {
      ex.getResponseHeaders().add("Location", location);
      status(ex, 302);
    };
  }

  private static void status(HttpExchange ex, int code) throws IOException {
    ex.sendResponseHeaders(code, -1);
  }

  private static void send(HttpExchange ex, int code, byte[] body, String contentType)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", contentType);
    ex.sendResponseHeaders(code, body.length);
    ex.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow(); // wakes the slow routes
  }
}
