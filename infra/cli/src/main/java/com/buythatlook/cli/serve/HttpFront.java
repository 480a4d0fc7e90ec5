package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime's web server on 127.0.0.1, standing in for API Gateway and a static site:
 *
 * <ul>
 *   <li>API requests become the API Gateway payload v2 event AWS would send ({@link
 *       ApiGatewayEvents}), handled by the query function's handler class; its response becomes
 *       the HTTP response.
 *   <li>{@code GET /demo/photos} lists the demo photos, {@code /demo/photos/{id}.jpg} serves one.
 *   <li>Anything else that names a file of the web page ({@code /} is {@code index.html}) is that
 *       file; any other request goes to the query function, which answers with its JSON 404 or
 *       405 as API Gateway's {@code $default} route would.
 * </ul>
 *
 * <p>Bodies over {@value #MAX_BODY_BYTES} bytes are refused (413); a body that stops arriving is
 * answered with a 408 after ten seconds, so a stalled client cannot hold a worker. A fixed pool
 * of worker threads serves requests; when it and its queue are full, the accepting thread serves
 * the request itself, which stops it from accepting more — back-pressure instead of unbounded
 * memory. Requests whose Host (or absolute-form target) is not this server's loopback address
 * are refused, so that a web page elsewhere cannot reach the API through DNS rebinding.
 *
 * <p>Malformed HTTP (a broken request line, bad percent-encoding, conflicting lengths) is
 * answered by the JDK's server itself, before this class sees it, with its own short text/html
 * 4xx pages.
 */
final class HttpFront implements AutoCloseable {
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_HEADER_LINES = 100;
  static final int MAX_HEADER_BYTES = 16 * 1024;
  /** How much of an oversized body is read to let the client see the 413. */
  private static final long DRAIN_BYTES = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WORKERS = 8;
  private static final int QUEUED_REQUESTS = 64;
  private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
  private static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
  private static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";
  /** How long a request body may take to arrive once its headers are in. */
  static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
  /** A resource path of the web page: no empty segments, none starting with a dot. */
  private static final Pattern STATIC_PATH =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
  private static final Pattern DEMO_PHOTO = Pattern.compile("/demo/photos/([0-9]{1,18})\\.jpg");
  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "json", "application/json",
      "svg", "image/svg+xml",
      "png", "image/png",
      "jpg", "image/jpeg",
      "ico", "image/x-icon",
      "txt", "text/plain; charset=utf-8");

  private static final Set<String> API_ROOTS = Set.of("looks", "products", "health");

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService timer;
  private final Duration bodyTimeout;
  private final int port;
  private final Set<String> allowedHosts;
  private volatile RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api;
  private volatile DemoPhotos photos = DemoPhotos.none();

  private HttpFront(HttpServer server, ThreadPoolExecutor workers, Duration bodyTimeout) {
    this.server = server;
    this.workers = workers;
    this.bodyTimeout = bodyTimeout;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "btl-http-timer");
      t.setDaemon(true);
      return t;
    });
    this.port = server.getAddress().getPort();
    this.allowedHosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
  }

  /**
   * Binds the port (0: any free one) without serving yet, so that the port is known to the
   * parts that need it (the S3 server's CORS rules) before requests are answered.
   *
   * @throws IOException when the port is taken
   */
  static HttpFront bind(int port) throws IOException {
    return bind(port, BODY_TIMEOUT);
  }

  /** @param bodyTimeout how long a request body may take to arrive (tests shorten it) */
  static HttpFront bind(int port, Duration bodyTimeout) throws IOException {
    configureJdkServer();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED_REQUESTS),
            r -> {
              Thread t = new Thread(r, "btl-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    workers.allowCoreThreadTimeOut(true);
    server.setExecutor(workers);
    HttpFront front = new HttpFront(server, workers, bodyTimeout);
    server.createContext("/", front::handle);
    return front;
  }

  /**
   * The JDK server closes a connection whose request has not been read within {@code maxReqTime}
   * seconds, or whose answer has not been written within {@code maxRspTime}; both are unlimited
   * unless set, which would let a stalled client hold a worker thread for good. The JDK reads
   * them once, when its server class is first used, so they are set (unless the user set them)
   * before the first server is created. They concern only {@code com.sun.net.httpserver}
   * servers in this process.
   *
   * <p>{@code nodelay} sets TCP_NODELAY on accepted connections. Without it the JDK writes the
   * response headers and the body as two small segments, Nagle's algorithm holds the second
   * until the first is acknowledged, and the client delays that acknowledgement (40 ms on
   * Linux): every answer on a kept-alive connection took 44 ms, which capped {@code
   * infra/bench/load.sh} at 16 connections / 44 ms ≈ 360 req/s with the CPU mostly idle.
   */
  private static void configureJdkServer() {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
      System.setProperty(MAX_REQUEST_SECONDS,
          Long.toString(BODY_TIMEOUT.toSeconds() + 10));
    }
    if (System.getProperty(MAX_RESPONSE_SECONDS) == null) {
      System.setProperty(MAX_RESPONSE_SECONDS, "60");
    }
  }

  int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT/}: the address the page is served at. */
  String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** The origins a browser sends for this page (the S3 server allows uploads from them). */
  List<String> origins() {
    return List.of("http://127.0.0.1:" + port, "http://localhost:" + port);
  }

  void start(
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api, DemoPhotos photos) {
    this.api = api;
    this.photos = photos;
    server.start();
  }

  @Override
  public void close() {
    // in-flight exchanges get a second to finish; then the workers are stopped
    server.stop(1);
    timer.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(API_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------------------- dispatch

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      List<String> hosts = ex.getRequestHeaders().getOrDefault("Host", List.of());
      // a request in absolute form (GET http://host/path) names its host in the target too
      String targetHost = ex.getRequestURI().getRawAuthority();
      if (hosts.size() != 1 || !allowedHosts.contains(hosts.get(0).toLowerCase(Locale.ROOT))
          || (targetHost != null && !allowedHosts.contains(targetHost.toLowerCase(Locale.ROOT)))) {
        error(ex, 421, "misdirected_request", "this server only answers requests with one Host"
            + " header, 127.0.0.1:" + port + " or localhost:" + port);
        return;
      }
      String protocol = ex.getProtocol();
      if (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
        error(ex, 400, "unsupported_http_version", "this server speaks HTTP/1.1 and HTTP/1.0; got "
            + printable(String.valueOf(protocol)));
        return;
      }
      if (!headersWithinLimits(ex.getRequestHeaders())) {
        error(ex, 431, "headers_too_large", "send at most " + MAX_HEADER_LINES + " header lines"
            + " and " + MAX_HEADER_BYTES / 1024 + " KiB of headers");
        return;
      }
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      String rawPath = ex.getRequestURI().getRawPath();
      String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
      if (path.equals("/demo/photos") || path.startsWith("/demo/photos/")) {
        demoPhotos(ex, method, path);
        return;
      }
      if (!isApiPath(path) && (method.equals("GET") || method.equals("HEAD"))) {
        Optional<byte[]> file = staticFile(path);
        if (file.isPresent()) {
          send(ex, 200, contentType(path.equals("/") ? "index.html" : path),
              file.get(), method.equals("HEAD"), "no-cache");
          return;
        }
      }
      api(ex, method, path);
    } catch (IOException e) {
      // the client went away mid-exchange; nothing to answer
      LOG.debug("HTTP exchange ended early: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.error("internal error serving {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
      try {
        error(ex, 500, "internal_error", "internal error; the server log has the details");
      } catch (IOException | RuntimeException ignored) {
        // headers may already be out; the connection closes with the exchange
      }
    }
  }

  /** The API's requests carry a dozen short headers; far more is abuse or a broken client. */
  private static boolean headersWithinLimits(Headers headers) {
    int lines = 0;
    long bytes = 0;
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      for (String v : e.getValue()) {
        lines++;
        bytes += e.getKey().length() + (v == null ? 0 : v.length()) + 4;
      }
    }
    return lines <= MAX_HEADER_LINES && bytes <= MAX_HEADER_BYTES;
  }

  private static boolean isApiPath(String rawPath) {
    String first = rawPath.length() <= 1 ? "" : rawPath.substring(1).split("/", 2)[0];
    return API_ROOTS.contains(first);
  }

  private void api(HttpExchange ex, String method, String rawPath) throws IOException {
    // a client that announces more body than it sends would hold this worker: it gets a 408,
    // and the JDK server closes the connection at its request time limit, which ends the read
    AtomicBoolean answered = new AtomicBoolean();
    ScheduledFuture<?> watchdog = timer.schedule(() -> {
      if (answered.compareAndSet(false, true)) {
        answerStalled(ex);
      }
    }, bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    Optional<byte[]> body;
    try {
      body = readBody(ex);
    } catch (IOException e) {
      // a body the JDK cannot decode (a bad chunk size, say), or a client that went away
      if (answered.compareAndSet(false, true)) {
        error(ex, 400, "invalid_body", "the request body could not be read: " + e.getMessage());
      }
      return;
    } finally {
      watchdog.cancel(false);
    }
    if (!answered.compareAndSet(false, true)) {
      return; // the watchdog has answered
    }
    if (body.isEmpty()) {
      error(ex, 413, "body_too_large", "request bodies are limited to " + MAX_BODY_BYTES
          + " bytes; photos are uploaded to the presigned form POST /looks returns");
      return;
    }
    APIGatewayV2HTTPEvent event =
        ApiGatewayEvents.request(method, rawPath, ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(),
            body.get(), ex.getRemoteAddress().getAddress().getHostAddress(), Instant.now());
    APIGatewayV2HTTPResponse response;
    try {
      response = api.handleRequest(event, LocalContext.invocation("btl-query", API_TIMEOUT, 512));
    } catch (RuntimeException | LinkageError e) {
      // what API Gateway does when the function fails: a 500 without details
      LOG.error("the query function failed on {} {}", method, rawPath, e);
      error(ex, 500, "internal_error", "internal error; the server log has the details");
      return;
    }
    if (response == null) {
      LOG.error("the query function returned nothing for {} {}", method, rawPath);
      error(ex, 500, "internal_error", "internal error; the server log has the details");
      return;
    }
    write(ex, response, method.equals("HEAD"));
  }

  /**
   * Writes a whole 408 answer without closing the exchange: closing would first read the rest
   * of the body, which is what is not arriving.
   */
  private void answerStalled(HttpExchange ex) {
    try {
      byte[] body = JSON.writeValueAsBytes(Map.of("error", Map.of(
          "code", "request_timeout",
          "message", "the request body did not arrive within " + bodyTimeout.toMillis()
              + " ms; send it whole, with a Content-Length that matches it")));
      Headers h = ex.getResponseHeaders();
      h.set("Content-Type", "application/json");
      h.set("Cache-Control", "no-store");
      h.set("Connection", "close");
      ex.sendResponseHeaders(408, body.length);
      OutputStream out = ex.getResponseBody();
      out.write(body);
      out.flush();
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not answer a stalled request: {}", e.toString());
    }
  }

  /**
   * The body, or empty when it is longer than the limit. An oversized body is read and thrown
   * away up to {@value #DRAIN_BYTES} bytes, so that the client, still sending, gets to read the
   * 413; beyond that the connection is closed on it.
   */
  private static Optional<byte[]> readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length <= MAX_BODY_BYTES) {
        return Optional.of(bytes);
      }
      // read, not skip: the JDK's request stream fails on a read after skipping to its end
      byte[] sink = new byte[8192];
      for (long drained = 0; drained < DRAIN_BYTES; ) {
        int n = in.read(sink);
        if (n < 0) {
          break;
        }
        drained += n;
      }
      return Optional.empty();
    }
  }

  private static void write(HttpExchange ex, APIGatewayV2HTTPResponse r, boolean head)
      throws IOException {
    Headers out = ex.getResponseHeaders();
    if (r.getHeaders() != null) {
      r.getHeaders().forEach(out::set);
    }
    if (r.getMultiValueHeaders() != null) {
      r.getMultiValueHeaders().forEach((k, vs) -> vs.forEach(v -> out.add(k, v)));
    }
    if (r.getCookies() != null) {
      r.getCookies().forEach(c -> out.add("Set-Cookie", c));
    }
    String body = r.getBody() == null ? "" : r.getBody();
    byte[] bytes = r.getIsBase64Encoded()
        ? Base64.getDecoder().decode(body)
        : body.getBytes(StandardCharsets.UTF_8);
    if (!out.containsKey("Content-Type") && bytes.length > 0) {
      out.set("Content-Type", "application/json");
    }
    out.set("X-Content-Type-Options", "nosniff");
    // API Gateway answers 200 when a function leaves the status out
    int status = r.getStatusCode() == 0 ? 200 : r.getStatusCode();
    sendBytes(ex, status, bytes, head);
  }

  // --------------------------------------------------------------- web page and photos

  private void demoPhotos(HttpExchange ex, String method, String path) throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET");
      error(ex, 405, "method_not_allowed", method + " is not allowed here; use GET");
      return;
    }
    DemoPhotos demo = photos;
    if (path.equals("/demo/photos") || path.equals("/demo/photos/")) {
      List<Map<String, String>> list = new ArrayList<>();
      for (String id : demo.ids()) {
        list.add(Map.of("id", id, "url", "/demo/photos/" + id + ".jpg"));
      }
      send(ex, 200, "application/json", JSON.writeValueAsBytes(Map.of("photos", list)),
          method.equals("HEAD"), "no-store");
      return;
    }
    var m = DEMO_PHOTO.matcher(path);
    Optional<Path> file = m.matches() ? demo.file(m.group(1)) : Optional.empty();
    if (file.isEmpty()) {
      error(ex, 404, "not_found", "there is no demo photo " + printable(path)
          + "; GET /demo/photos lists them");
      return;
    }
    send(ex, 200, "image/jpeg", Files.readAllBytes(file.get()), method.equals("HEAD"),
        "max-age=3600");
  }

  private static Optional<byte[]> staticFile(String rawPath) throws IOException {
    String name = rawPath.equals("/") ? "index.html" : rawPath.substring(1);
    if (!STATIC_PATH.matcher(name).matches()) {
      return Optional.empty();
    }
    try (InputStream in = HttpFront.class.getClassLoader().getResourceAsStream("web/" + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    }
  }

  private static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
  }

  // ------------------------------------------------------------------------------ output

  private static void error(HttpExchange ex, int status, String code, String message)
      throws IOException {
    byte[] body = JSON.writeValueAsBytes(
        Map.of("error", Map.of("code", code, "message", message)));
    send(ex, status, "application/json", body, false, "no-store");
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body,
      boolean head, String cacheControl) throws IOException {
    Headers h = ex.getResponseHeaders();
    h.set("Content-Type", contentType);
    h.set("Cache-Control", cacheControl);
    h.set("X-Content-Type-Options", "nosniff");
    sendBytes(ex, status, body, head);
  }

  private static void sendBytes(HttpExchange ex, int status, byte[] body, boolean head)
      throws IOException {
    if (head || body.length == 0) {
      ex.sendResponseHeaders(status, -1); // -1: no body follows
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(80).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
