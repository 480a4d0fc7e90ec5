package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.buythatlook.core.text.Printable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
 * answered with a 408 after ten seconds, so a stalled client cannot hold a worker. A bounded pool
 * of threads serves requests, and beyond {@value #MAX_CONNECTIONS} open connections no more are
 * accepted until one closes — back-pressure instead of unbounded memory. Requests whose Host (or
 * absolute-form target) is not this server's loopback address are refused, so that a web page
 * elsewhere cannot reach the API through DNS rebinding.
 *
 * <p>The server is Jetty's core (no servlets). Malformed HTTP that Jetty's parser refuses before
 * this class sees the request (a broken request line, an unknown version, bad header syntax,
 * conflicting or unsupported framing, a request line or headers over the limits) is answered by
 * {@link JsonErrors}: a JSON body {@code {"error": {"code", "message"}}} with a 4xx status, as
 * every other error. Odd but harmless targets ({@code %zz}, {@code %2F}, {@code //}, {@code ..},
 * raw UTF-8) are let through ({@link #URI_COMPLIANCE}, {@link RawTargets}): this class works on
 * the raw path only, and answers them (or the query function does) with a JSON 4xx.
 *
 * <p>No answer at all comes only when no request head ever completes: a client that stops
 * sending mid-head is closed on at the idle timeout, and one that closes its side mid-head is
 * closed on at once (Jetty's parser does produce a 400 "Early EOF" for it, but its connection has
 * closed the socket by the time that answer would be written).
 */
final class HttpFront implements AutoCloseable {
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_HEADER_LINES = 100;
  static final int MAX_HEADER_BYTES = 16 * 1024;
  /** How much of an oversized body is read to let the client see the 413. */
  private static final long DRAIN_BYTES = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Threads that serve requests; Jetty's acceptor and selector have two more. */
  private static final int WORKERS = 8;
  /** Beyond this many open connections Jetty stops accepting until one closes. */
  private static final int MAX_CONNECTIONS = 256;
  /** The request attribute that holds a target Jetty's URI parser refused ({@link RawTargets}). */
  private static final String RAW_TARGET = HttpFront.class.getName() + ".rawTarget";
  private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
  /** How long a kept-alive connection may stay silent. */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Jetty refuses (431, or 414 for the request line) a request head over this; below it, the
   * handler's own limits ({@value #MAX_HEADER_LINES} lines, {@value #MAX_HEADER_BYTES} bytes)
   * apply.
   */
  private static final int JETTY_HEADER_BYTES = 2 * MAX_HEADER_BYTES;
  /** How long a request body may take to arrive once its headers are in. */
  static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Every URI violation is let through except user info and fragments: the handler looks only
   * at the raw path and query (never at Jetty's decoded or canonical path), so ambiguous
   * segments, encoded separators, bad percent-encoding and raw UTF-8 reach the query function,
   * which answers them with a JSON 4xx.
   */
  static final UriCompliance URI_COMPLIANCE = UriCompliance.from(EnumSet.complementOf(
      EnumSet.of(UriCompliance.Violation.USER_INFO, UriCompliance.Violation.FRAGMENT)));
  /**
   * RFC 9110, plus what the handler checks itself (a missing, repeated or mismatched Host is a
   * 421 there) and obsolete header folding, which RFC 9112 §5.2 lets a server unfold.
   */
  static final HttpCompliance HTTP_COMPLIANCE = HttpCompliance.RFC9110.with("btl",
      HttpCompliance.Violation.DUPLICATE_HOST_HEADERS,
      HttpCompliance.Violation.MISMATCHED_AUTHORITY,
      HttpCompliance.Violation.MULTILINE_FIELD_VALUE);
  /** A resource path of the web page: no empty segments, none starting with a dot. */
  private static final Pattern STATIC_PATH =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
  /** The web page's files read so far, by path under {@code web/}. */
  private static final Map<String, byte[]> STATIC_FILES = new ConcurrentHashMap<>();
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

  private static final Set<String> API_ROOTS =
      Set.of("looks", "products", "health", "openapi.json");

  private final Server server;
  private final Duration bodyTimeout;
  private final int port;
  private final Set<String> allowedHosts;
  private volatile RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api;
  private volatile DemoPhotos photos = DemoPhotos.none();

  private HttpFront(Server server, int port, Duration bodyTimeout) {
    this.server = server;
    this.bodyTimeout = bodyTimeout;
    this.port = port;
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
    QueuedThreadPool threads = new QueuedThreadPool(WORKERS + 2, 2,
        (int) IDLE_TIMEOUT.toMillis());
    threads.setName("btl-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.setStopTimeout(1000); // in-flight requests get a second to finish

    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    config.setRequestHeaderSize(JETTY_HEADER_BYTES);
    config.setUriCompliance(URI_COMPLIANCE);
    config.setHttpCompliance(HTTP_COMPLIANCE);
    // one acceptor, one selector: loopback traffic of one user
    ServerConnector connector = new ServerConnector(server, 1, 1, new RawTargets(config));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(port);
    connector.setAcceptQueueSize(64);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    // TCP_NODELAY on accepted connections (Jetty's default, set here to keep it so): with
    // Nagle's algorithm and delayed ACKs every kept-alive answer waited ~40 ms
    connector.setAcceptedTcpNoDelay(true);
    server.addConnector(connector);
    // back-pressure: a flood of connections waits in the accept queue instead of using memory
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
    connector.open(); // binds now; Server#start uses the open channel
    HttpFront front = new HttpFront(server, connector.getLocalPort(), bodyTimeout);
    server.setErrorHandler(new JsonErrors(front.misdirected()));
    server.setHandler(front.new Front());
    return front;
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
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the web server did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (java.util.concurrent.TimeoutException e) {
      // the graceful second ran out with idle keep-alive connections still open: Jetty has
      // closed them anyway, which is what stopping means here
      LOG.debug("closed connections still open after the stop timeout");
    } catch (Exception e) {
      LOG.warn("the web server did not stop cleanly: {}", e.toString());
    }
  }

  // ------------------------------------------------------------------------------- dispatch

  /** Jetty's handler: everything runs in a worker thread, blocking (the function does). */
  private final class Front extends Handler.Abstract {
    Front() {
      super(InvocationType.BLOCKING);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Exchange ex = new Exchange(request, response, callback);
      try {
        dispatch(ex);
      } catch (RuntimeException | IOException e) {
        LOG.error("internal error serving {} {}", request.getMethod(), request.getHttpURI(), e);
        if (!ex.answered) {
          ex.error(500, "internal_error", "internal error; the server log has the details");
        } else {
          callback.failed(e);
        }
      }
      return true;
    }
  }

  private String misdirected() {
    return "this server only answers requests with one Host header, 127.0.0.1:" + port
        + " or localhost:" + port;
  }

  private void dispatch(Exchange ex) throws IOException {
    Request request = ex.request;
    HttpFields fields = request.getHeaders();
    List<String> hosts = fields.getValuesList(HttpHeader.HOST);
    // a request in absolute form (GET http://host/path) names its host in the target; Jetty
    // puts the Host header's authority into the URI of an origin-form request
    HttpURI uri = request.getHttpURI();
    String targetHost = uri.getHost() == null ? null
        : uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    if (hosts.size() != 1 || !allowedHosts.contains(hosts.get(0).toLowerCase(Locale.ROOT))
        || (targetHost != null && !allowedHosts.contains(targetHost.toLowerCase(Locale.ROOT)))) {
      ex.error(421, "misdirected_request", misdirected());
      return;
    }
    String protocol = request.getConnectionMetaData().getProtocol();
    if (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
      ex.error(400, "unsupported_http_version", "this server speaks HTTP/1.1 and HTTP/1.0; got "
          + Printable.cut(String.valueOf(protocol), 80));
      return;
    }
    for (String coding : fields.getCSV(HttpHeader.TRANSFER_ENCODING, false)) {
      if (!coding.equalsIgnoreCase("chunked")) {
        // Jetty frames a "gzip, chunked" body by its chunks and leaves the gzip to the handler;
        // nothing here decodes it, so it is refused (a 400, as for a plain "gzip")
        ex.error(400, "unsupported_transfer_encoding", "this server understands only the"
            + " chunked transfer coding; got " + Printable.cut(coding, 80));
        return;
      }
    }
    if (!headersWithinLimits(fields)) {
      ex.error(431, "headers_too_large", "send at most " + MAX_HEADER_LINES + " header lines"
          + " and " + MAX_HEADER_BYTES / 1024 + " KiB of headers");
      return;
    }
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    String rawPath = uri.getPath();
    String rawQuery = uri.getQuery();
    if (request.getAttribute(RAW_TARGET) instanceof String target) {
      // a target Jetty's parser refused ('..' above the root, bad percent-encoding)
      int q = target.indexOf('?');
      rawPath = q < 0 ? target : target.substring(0, q);
      rawQuery = q < 0 ? null : target.substring(q + 1);
    }
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    if (!path.startsWith("/")) {
      // '*' (OPTIONS *), an authority (CONNECT host:port), an absolute URI Jetty cannot parse
      ex.error(400, "invalid_request_target", "the request target must be a path starting with"
          + " '/'; got " + Printable.cut(path, 80));
      return;
    }
    if (!validPercentEncoding(path) || (rawQuery != null && !validPercentEncoding(rawQuery))) {
      ex.error(400, "invalid_percent_encoding", "the request target has a '%' that is not"
          + " followed by two hex digits: " + Printable.cut(path, 80)
          + (rawQuery == null ? "" : "?" + Printable.cut(rawQuery, 80)));
      return;
    }
    if (path.equals("/demo/photos") || path.startsWith("/demo/photos/")) {
      demoPhotos(ex, method, path);
      return;
    }
    if (!isApiPath(path) && (method.equals("GET") || method.equals("HEAD"))) {
      Optional<byte[]> file = staticFile(path);
      if (file.isPresent()) {
        ex.send(200, contentType(path.equals("/") ? "index.html" : path),
            file.get(), method.equals("HEAD"), "no-cache");
        return;
      }
    }
    api(ex, method, path, rawQuery);
  }

  /** Every '%' starts an escape of two hex digits. */
  private static boolean validPercentEncoding(String s) {
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
          || Character.digit(s.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The API's requests carry a dozen short headers; far more is abuse or a broken client. */
  private static boolean headersWithinLimits(HttpFields fields) {
    int lines = 0;
    long bytes = 0;
    for (HttpField f : fields) {
      lines++;
      bytes += f.getName().length() + (f.getValue() == null ? 0 : f.getValue().length()) + 4;
    }
    return lines <= MAX_HEADER_LINES && bytes <= MAX_HEADER_BYTES;
  }

  private static boolean isApiPath(String rawPath) {
    String first = rawPath.length() <= 1 ? "" : rawPath.substring(1).split("/", 2)[0];
    return API_ROOTS.contains(first);
  }

  private void api(Exchange ex, String method, String rawPath, String rawQuery) {
    Body body = readBody(ex.request);
    ex.bodyRead = true;
    switch (body.outcome) {
      case TIMED_OUT -> {
        ex.closeAfter();
        ex.error(408, "request_timeout", "the request body did not arrive within "
            + bodyTimeout.toMillis() + " ms; send it whole, with a Content-Length that matches it");
        return;
      }
      case FAILED -> {
        // a body Jetty cannot decode (a bad chunk size, say), or a client that went away
        ex.closeAfter();
        ex.error(400, "invalid_body", "the request body could not be read: "
            + Printable.cut(String.valueOf(body.failure.getMessage()), 80));
        return;
      }
      case TOO_LARGE -> {
        ex.closeAfter();
        ex.error(413, "body_too_large", "request bodies are limited to " + MAX_BODY_BYTES
            + " bytes; photos are uploaded to the presigned form POST /looks returns");
        return;
      }
      case READ -> { }
    }
    Request request = ex.request;
    APIGatewayV2HTTPEvent event = ApiGatewayEvents.request(method, rawPath,
        rawQuery, headerMap(request.getHeaders()), body.bytes,
        Request.getRemoteAddr(request), Instant.now());
    APIGatewayV2HTTPResponse response;
    try {
      response = api.handleRequest(event, LocalContext.invocation("btl-query", API_TIMEOUT, 512));
    } catch (RuntimeException | LinkageError e) {
      // what API Gateway does when the function fails: a 500 without details
      LOG.error("the query function failed on {} {}", method, rawPath, e);
      ex.error(500, "internal_error", "internal error; the server log has the details");
      return;
    }
    if (response == null) {
      LOG.error("the query function returned nothing for {} {}", method, rawPath);
      ex.error(500, "internal_error", "internal error; the server log has the details");
      return;
    }
    write(ex, response, method.equals("HEAD"));
  }

  /** The request headers by name (as first spelled), repeats in order. */
  private static Map<String, List<String>> headerMap(HttpFields fields) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (HttpField f : fields) {
      String name = names.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> f.getName());
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(f.getValue() == null ? ""
          : f.getValue());
    }
    return out;
  }

  private enum Outcome { READ, TOO_LARGE, TIMED_OUT, FAILED }

  private record Body(Outcome outcome, byte[] bytes, Throwable failure) {}

  /**
   * Reads the body, waiting at most the body timeout for all of it. An oversized body is read
   * and thrown away up to {@value #DRAIN_BYTES} bytes, so that the client, still sending, gets to
   * read the 413; beyond that the connection is closed on it.
   */
  private Body readBody(Request request) {
    long deadline = System.nanoTime() + bodyTimeout.toNanos();
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long total = 0;
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        request.demand(Invocable.from(Invocable.InvocationType.NON_BLOCKING,
            () -> ready.complete(null)));
        try {
          ready.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          return new Body(Outcome.TIMED_OUT, null, null);
        } catch (ExecutionException e) {
          return new Body(Outcome.FAILED, null, e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Body(Outcome.FAILED, null, e);
        }
        continue;
      }
      if (Content.Chunk.isFailure(chunk)) {
        return new Body(Outcome.FAILED, null, chunk.getFailure());
      }
      ByteBuffer b = chunk.getByteBuffer();
      int n = b.remaining();
      if (total <= MAX_BODY_BYTES) {
        int keep = (int) Math.min(n, MAX_BODY_BYTES + 1 - total);
        byte[] part = new byte[keep];
        b.get(part);
        kept.writeBytes(part);
      }
      total += n;
      boolean last = chunk.isLast();
      chunk.release();
      if (last || total > MAX_BODY_BYTES + DRAIN_BYTES) {
        break;
      }
      if (System.nanoTime() - deadline > 0) {
        return new Body(total > MAX_BODY_BYTES ? Outcome.TOO_LARGE : Outcome.TIMED_OUT,
            null, null);
      }
    }
    return total > MAX_BODY_BYTES ? new Body(Outcome.TOO_LARGE, null, null)
        : new Body(Outcome.READ, kept.toByteArray(), null);
  }

  private static void write(Exchange ex, APIGatewayV2HTTPResponse r, boolean head) {
    HttpFields.Mutable out = ex.response.getHeaders();
    if (r.getHeaders() != null) {
      r.getHeaders().forEach(out::put);
    }
    if (r.getMultiValueHeaders() != null) {
      r.getMultiValueHeaders().forEach((k, vs) -> vs.forEach(v -> out.add(k, v)));
    }
    if (r.getCookies() != null) {
      r.getCookies().forEach(c -> out.add(HttpHeader.SET_COOKIE, c));
    }
    String body = r.getBody() == null ? "" : r.getBody();
    byte[] bytes = r.getIsBase64Encoded()
        ? Base64.getDecoder().decode(body)
        : body.getBytes(StandardCharsets.UTF_8);
    if (!out.contains(HttpHeader.CONTENT_TYPE) && bytes.length > 0) {
      out.put(HttpHeader.CONTENT_TYPE, "application/json");
    }
    out.put("X-Content-Type-Options", "nosniff");
    // API Gateway answers 200 when a function leaves the status out
    int status = r.getStatusCode() == 0 ? 200 : r.getStatusCode();
    ex.sendBytes(status, bytes, head);
  }

  // --------------------------------------------------------------- web page and photos

  private void demoPhotos(Exchange ex, String method, String path) throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.response.getHeaders().put(HttpHeader.ALLOW, "GET");
      ex.error(405, "method_not_allowed", method + " is not allowed here; use GET");
      return;
    }
    DemoPhotos demo = photos;
    if (path.equals("/demo/photos") || path.equals("/demo/photos/")) {
      List<Map<String, String>> list = new ArrayList<>();
      for (String id : demo.ids()) {
        list.add(Map.of("id", id, "url", "/demo/photos/" + id + ".jpg"));
      }
      ex.send(200, "application/json", JSON.writeValueAsBytes(Map.of("photos", list)),
          method.equals("HEAD"), "no-store");
      return;
    }
    var m = DEMO_PHOTO.matcher(path);
    Optional<Path> file = m.matches() ? demo.file(m.group(1)) : Optional.empty();
    if (file.isEmpty()) {
      ex.error(404, "not_found", "there is no demo photo " + Printable.cut(path, 80)
          + "; GET /demo/photos lists them");
      return;
    }
    ex.send(200, "image/jpeg", Files.readAllBytes(file.get()), method.equals("HEAD"),
        "max-age=3600");
  }

  /**
   * A file of the web page from the classpath's {@code web/}, read once: the jar does not change
   * while the server runs. Misses are not remembered, so the cache holds only the page's files.
   * The folder's README.md is for people reading the sources, not for browsers.
   */
  private static Optional<byte[]> staticFile(String rawPath) throws IOException {
    String name = rawPath.equals("/") ? "index.html" : rawPath.substring(1);
    if (!STATIC_PATH.matcher(name).matches() || name.equals("README.md")) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(STATIC_FILES.computeIfAbsent(name, HttpFront::readStaticFile));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The bytes of {@code web/name} on the classpath, or null when there is no such file. */
  private static byte[] readStaticFile(String name) {
    try (InputStream in = HttpFront.class.getClassLoader().getResourceAsStream("web/" + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
  }

  // ------------------------------------------------------------------------------ output

  /** One request and its answer, written once, whole. */
  private static final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;
    boolean answered;
    /** Whether the body was read; see {@link #sendBytes}. */
    boolean bodyRead;

    Exchange(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    /** Asks for the connection to close after the answer (the body was not read to its end). */
    void closeAfter() {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    void error(int status, String code, String message) {
      send(status, "application/json", errorBody(code, message), false, "no-store");
    }

    void send(int status, String contentType, byte[] body, boolean head, String cacheControl) {
      HttpFields.Mutable h = response.getHeaders();
      h.put(HttpHeader.CONTENT_TYPE, contentType);
      h.put(HttpHeader.CACHE_CONTROL, cacheControl);
      h.put("X-Content-Type-Options", "nosniff");
      sendBytes(status, body, head);
    }

    void sendBytes(int status, byte[] body, boolean head) {
      answered = true;
      response.setStatus(status);
      if (!bodyRead && (request.getLength() > 0
          || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
        // answered without reading the body (a 405, 421, 431, a file): Jetty closes the
        // connection unless the whole body happens to have arrived already, so the client is
        // told so, instead of reusing a connection that is about to close
        closeAfter();
      }
      if (status >= 200 && status != 204 && status != 304) {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      }
      if (head || body.length == 0) {
        response.write(true, null, callback);
      } else {
        response.write(true, ByteBuffer.wrap(body), callback);
      }
    }
  }

  static byte[] errorBody(String code, String message) {
    try {
      return JSON.writeValueAsBytes(Map.of("error", Map.of("code", code, "message", message)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------- Jetty's own errors

  /**
   * Every error Jetty answers itself — a request it cannot parse (bad request line, unknown
   * version, bad header syntax, conflicting or unsupported framing, a head over the limits),
   * a URI it refuses, a failure before or outside {@link Front} — as the JSON error body the
   * rest of the API uses, always with a 4xx status unless the failure is the server's own: a
   * 505 (unknown HTTP version) becomes a 400 {@code unsupported_http_version}, a 501 (an
   * unsupported Transfer-Encoding, say) a 400, as the client's request is what is wrong.
   */
  static final class JsonErrors extends ErrorHandler {
    private final String misdirected;

    JsonErrors(String misdirected) {
      this.misdirected = misdirected;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Object s = request.getAttribute(ERROR_STATUS);
      int status = s instanceof Integer i ? i : response.getStatus();
      Throwable cause = request.getAttribute(ERROR_EXCEPTION) instanceof Throwable t ? t : null;
      Object m = request.getAttribute(ERROR_MESSAGE);
      String reason = m instanceof String text ? text : cause != null ? cause.getMessage() : null;
      Mapped error = map(status, reason, cause, misdirected);
      response.setStatus(error.status());
      HttpFields.Mutable h = response.getHeaders();
      h.put(HttpHeader.CONTENT_TYPE, "application/json");
      h.put(HttpHeader.CACHE_CONTROL, "no-store");
      h.put("X-Content-Type-Options", "nosniff");
      byte[] body = errorBody(error.code(), error.message());
      h.put(HttpHeader.CONTENT_LENGTH, body.length);
      // the request was malformed, or its body may still be arriving: start afresh
      h.put(HttpHeader.CONNECTION, "close");
      if ("HEAD".equalsIgnoreCase(request.getMethod())) { // HEAD answers carry no body
        response.write(true, null, callback);
      } else {
        response.write(true, ByteBuffer.wrap(body), callback);
      }
      return true;
    }

    // deprecated for removal in Jetty 12.1, yet still what its parser calls for a request it
    // cannot parse: until it is gone, this override keeps those answers JSON
    @SuppressWarnings("removal")
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      Mapped error = map(status, reason, null, misdirected);
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      fields.put(HttpHeader.CACHE_CONTROL, "no-store");
      return ByteBuffer.wrap(errorBody(error.code(), error.message()));
    }

    record Mapped(int status, String code, String message) {}

    /** Jetty's reasons for refusing a request's Host before the handler sees it. */
    private static final Set<String> HOST_PROBLEMS =
        Set.of("No Host", "Blank Host", "Authority!=Host", "Duplicate Host Header");

    static Mapped map(int status, String reason, Throwable cause, String misdirected) {
      if (status == 400 && reason != null && HOST_PROBLEMS.contains(reason)) {
        // Jetty's own Host checks; the handler answers the others with this 421
        return new Mapped(421, "misdirected_request", misdirected);
      }
      String why = reason == null || reason.isBlank() ? "" : ": " + Printable.cut(reason, 80);
      boolean clientFault = cause == null || cause instanceof HttpException
          || cause.getCause() instanceof HttpException;
      return switch (status) {
        case 400 -> new Mapped(400, "bad_request", "malformed HTTP request" + why);
        case 404 -> new Mapped(404, "not_found", "nothing here" + why);
        case 405 -> new Mapped(405, "method_not_allowed", "method not allowed" + why);
        case 408 -> new Mapped(408, "request_timeout", "the request did not arrive in time" + why);
        case 411 -> new Mapped(411, "length_required", "send a Content-Length" + why);
        case 413 -> new Mapped(413, "body_too_large", "request bodies are limited to "
            + MAX_BODY_BYTES + " bytes" + why);
        case 414 -> new Mapped(414, "uri_too_long", "the request line is over "
            + JETTY_HEADER_BYTES / 1024 + " KiB" + why);
        case 415 -> new Mapped(415, "unsupported_media_type", "unsupported media type" + why);
        case 417 -> new Mapped(417, "expectation_failed", "only Expect: 100-continue is"
            + " understood" + why);
        case 421 -> new Mapped(421, "misdirected_request", "misdirected request" + why);
        case 431 -> new Mapped(431, "headers_too_large", "send at most " + MAX_HEADER_LINES
            + " header lines and " + MAX_HEADER_BYTES / 1024 + " KiB of headers" + why);
        case 505 -> new Mapped(400, "unsupported_http_version",
            "this server speaks HTTP/1.1 and HTTP/1.0" + why);
        case 501 -> new Mapped(400, "not_implemented", "this server does not support this"
            + " request's framing or method" + why);
        default -> status >= 400 && status < 500
            ? new Mapped(status, "client_error", "the request was refused" + why)
            : status >= 500 && clientFault
            ? new Mapped(400, "bad_request", "malformed HTTP request" + why)
            : status >= 500
            ? new Mapped(status, "internal_error", "internal error; the server log has the"
                + " details")
            : new Mapped(400, "bad_request", "malformed HTTP request" + why);
      };
    }
  }

  // ------------------------------------------------------------------- refused targets

  /**
   * Jetty's HTTP/1.1 connections, except that a request target its URI parser refuses — a
   * {@code ..} that climbs above the root ({@code /../pom.xml}, {@code /%2e%2e/x}), a {@code %}
   * without two hex digits — does not end in Jetty's 400: the request is handed to the handler
   * with {@code /} as its URI and the target as it came in the {@link #RAW_TARGET} attribute, so
   * that the handler answers it itself (the raw path goes to the query function
   * or gets a JSON 400).
   */
  private static final class RawTargets extends HttpConnectionFactory {
    RawTargets(HttpConfiguration config) {
      super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
      RawTargetConnection connection =
          new RawTargetConnection(getHttpConfiguration(), connector, endPoint);
      connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
      return configure(connection, connector, endPoint);
    }
  }

  private static final class RawTargetConnection extends HttpConnection {
    RawTargetConnection(HttpConfiguration config, Connector connector, EndPoint endPoint) {
      super(config, connector, endPoint);
    }

    @Override
    protected HttpStreamOverHTTP1 newHttpStream(String method, String target,
        HttpVersion version) {
      if (target != null && (target.indexOf('%') >= 0 || target.contains("/."))) {
        try {
          HttpURI.build(method, target);
        } catch (IllegalArgumentException e) {
          return new RawTargetStream(method, target, version);
        }
      }
      return super.newHttpStream(method, target, version);
    }

    /** A stream whose URI is {@code /}, with the refused target in a request attribute. */
    private final class RawTargetStream extends HttpStreamOverHTTP1 {
      private final String target;

      RawTargetStream(String method, String target, HttpVersion version) {
        super(method, "/", version);
        this.target = target;
      }

      @Override
      public Runnable headerComplete() {
        Runnable handle = super.headerComplete();
        Request request = getHttpChannel().getRequest();
        if (request != null) {
          request.setAttribute(RAW_TARGET, target);
        }
        return handle;
      }
    }
  }
}
