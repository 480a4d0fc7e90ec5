package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.buythatlook.core.text.Printable;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime's web server on 127.0.0.1, standing in for API Gateway and a static site. API
 * requests become the payload v2 event AWS would send ({@link ApiGatewayEvents}) for the query
 * function's handler; {@code /demo/photos} lists and serves the demo photos; any other GET that
 * names a file of the web page ({@code /} is {@code index.html}) is that file, and the rest goes to
 * the query function, which answers as API Gateway's {@code $default} route would.
 *
 * <p>Jetty's core (no servlets) with its own strictness: {@link HttpCompliance#RFC9110} and {@link
 * UriCompliance#DEFAULT}; what they refuse, Jetty answers through {@link JsonErrors} with the JSON
 * body {@code {"error": {"code", "message"}}} that every other error has. On top, for a server that
 * one person runs on loopback: requests whose Host (or absolute-form target) is not this server's
 * are a 421 (no DNS rebinding), bodies over {@value #MAX_BODY_BYTES} bytes a 413, a body that stops
 * arriving a 408 after ten seconds, more than {@value #MAX_HEADER_LINES} header lines a 431; a
 * bounded pool of workers and at most {@value #MAX_CONNECTIONS} open connections.
 */
final class HttpFront implements AutoCloseable {
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_HEADER_LINES = 100;

  /** Jetty answers a request head over this with a 431 (414 for a request line). */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Threads that serve requests; Jetty's acceptor and selector have two more. */
  private static final int WORKERS = 8;

  private static final int MAX_CONNECTIONS = 256;
  private static final Duration API_TIMEOUT = Duration.ofSeconds(30);

  /** How long a kept-alive connection may stay silent. */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** How long a request body may take to arrive once its headers are in. */
  static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern BAD_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");
  private static final Set<String> API_ROOTS =
      Set.of("looks", "products", "health", "openapi.json");

  private final Server server;
  private final Duration bodyTimeout;
  private final int port;
  private final Set<String> allowedHosts;
  private volatile RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api;
  private volatile WebPage page = new WebPage(DemoPhotos.none());

  private HttpFront(Server server, int port, Duration bodyTimeout) {
    this.server = server;
    this.bodyTimeout = bodyTimeout;
    this.port = port;
    this.allowedHosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
  }

  /**
   * Binds the port (0: any free one) without serving yet, so that the port is known to the parts
   * that need it (the S3 server's CORS rules) before requests are answered.
   *
   * @throws IOException when the port is taken
   */
  static HttpFront bind(int port) throws IOException {
    return bind(port, BODY_TIMEOUT);
  }

  /**
   * @param bodyTimeout how long a request body may take to arrive (tests shorten it)
   */
  static HttpFront bind(int port, Duration bodyTimeout) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(WORKERS + 2, 2, (int) IDLE_TIMEOUT.toMillis());
    threads.setName("btl-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.setStopTimeout(1000); // in-flight requests get a second to finish
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    config.setRequestHeaderSize(MAX_HEADER_BYTES);
    config.setHttpCompliance(HttpCompliance.RFC9110);
    config.setUriCompliance(UriCompliance.DEFAULT);
    // one acceptor, one selector: loopback traffic of one user
    ServerConnector connector =
        new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(port);
    connector.setAcceptQueueSize(64);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    // without TCP_NODELAY every kept-alive answer waited ~40 ms for a delayed ACK
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
    this.page = new WebPage(photos);
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
    return "this server only answers requests with one Host header, 127.0.0.1:"
        + port
        + " or localhost:"
        + port;
  }

  private void dispatch(Exchange ex) throws IOException {
    Request request = ex.request;
    HttpFields fields = request.getHeaders();
    HttpURI uri = request.getHttpURI();
    // Jetty has refused a second Host, or a target whose authority is not the Host's
    String host = fields.get(HttpHeader.HOST);
    if (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
      ex.error(421, "misdirected_request", misdirected());
      return;
    }
    for (String coding : fields.getCSV(HttpHeader.TRANSFER_ENCODING, false)) {
      if (!coding.equalsIgnoreCase("chunked")) {
        // Jetty leaves the gzip of "gzip, chunked" to the handler; nothing here decodes it
        ex.error(
            400,
            "unsupported_transfer_encoding",
            "this server understands only the"
                + " chunked transfer coding; got "
                + Printable.cut(coding, 80));
        return;
      }
    }
    if (fields.size() > MAX_HEADER_LINES) {
      ex.error(
          431,
          "headers_too_large",
          "send at most "
              + MAX_HEADER_LINES
              + " header lines"
              + " and "
              + MAX_HEADER_BYTES / 1024
              + " KiB of headers");
      return;
    }
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    String query = uri.getQuery();
    if (!path.startsWith("/")) {
      // '*' (OPTIONS *), an authority (CONNECT host:port)
      ex.error(
          400,
          "invalid_request_target",
          "the request target must be a path starting with"
              + " '/'; got "
              + Printable.cut(path, 80));
      return;
    }
    if (query != null && BAD_PERCENT.matcher(query).find()) {
      // Jetty checks the path's percent-encoding, not the query's
      ex.error(
          400,
          "invalid_percent_encoding",
          "the query has a '%' that is not followed by"
              + " two hex digits: "
              + Printable.cut(query, 80));
      return;
    }
    String first = path.length() <= 1 ? "" : path.substring(1).split("/", 2)[0];
    Optional<WebPage.Answer> file =
        API_ROOTS.contains(first) ? Optional.empty() : page.answer(method, path);
    if (file.isPresent()) {
      WebPage.Answer a = file.get();
      if (a.allow() != null) {
        ex.response.getHeaders().put(HttpHeader.ALLOW, a.allow());
      }
      ex.send(a.status(), a.contentType(), a.body(), a.cacheControl());
      return;
    }
    api(ex, method, path, query);
  }

  /** The query function's answer to the API Gateway event of this request. */
  private void api(Exchange ex, String method, String rawPath, String rawQuery) {
    byte[] body = ex.readBody(bodyTimeout);
    if (body == null) {
      return; // answered
    }
    APIGatewayV2HTTPEvent event =
        ApiGatewayEvents.request(
            method,
            rawPath,
            rawQuery,
            headerMap(ex.request.getHeaders()),
            body,
            Request.getRemoteAddr(ex.request),
            Instant.now());
    APIGatewayV2HTTPResponse r;
    try {
      r = api.handleRequest(event, LocalContext.invocation("btl-query", API_TIMEOUT, 512));
    } catch (RuntimeException | LinkageError e) {
      r = null; // API Gateway answers a failed function with a 500 without details
      LOG.error("the query function failed on {} {}", method, rawPath, e);
    }
    if (r == null) {
      ex.error(500, "internal_error", "internal error; the server log has the details");
      return;
    }
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
    String text = r.getBody() == null ? "" : r.getBody();
    byte[] bytes =
        r.getIsBase64Encoded()
            ? Base64.getDecoder().decode(text)
            : text.getBytes(StandardCharsets.UTF_8);
    String type = out.get(HttpHeader.CONTENT_TYPE);
    // API Gateway answers 200 when a function leaves the status out
    ex.send(
        r.getStatusCode() == 0 ? 200 : r.getStatusCode(),
        type == null && bytes.length > 0 ? "application/json" : type,
        bytes,
        out.get(HttpHeader.CACHE_CONTROL));
  }

  /** The request headers by name (as first spelled), repeats in order. */
  private static Map<String, List<String>> headerMap(HttpFields fields) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (HttpField f : fields) {
      String name = names.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> f.getName());
      out.computeIfAbsent(name, k -> new ArrayList<>())
          .add(f.getValue() == null ? "" : f.getValue());
    }
    return out;
  }
}
