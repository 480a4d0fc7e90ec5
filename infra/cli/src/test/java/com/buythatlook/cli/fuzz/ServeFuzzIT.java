package com.buythatlook.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.serve.LocalRuntime;
import com.buythatlook.core.api.FuzzRequests;
import com.buythatlook.core.api.FuzzRequests.FuzzRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * API fuzzing over real HTTP against the local runtime ({@code btl demo} on a tiny synthetic
 * catalog, port 0): the generated malformed requests of {@link FuzzRequests} — through {@code
 * java.net.http} where it can send them, over a raw socket where it refuses (made-up methods,
 * targets that are no URI, raw non-ASCII) — and then malformed HTTP that only the web server sees:
 * broken request lines, bad percent-encoding, wrong {@code Content-Length}, bad chunked bodies,
 * oversized bodies, missing or foreign {@code Host}, unknown static files. Every answer must be a
 * 2xx or a 4xx; every error a JSON body {@code {"error": {"code", "message"}}}, with no exceptions:
 * what Jetty's parser refuses before HttpFront's handler sees it (a request line or target it
 * cannot parse, bad header syntax, conflicting or unsupported framing, a head over the limits) is
 * answered by HttpFront's JSON error handler, and a connection closed without an answer is a
 * failure too. The only 2xx among the malformed requests are the ones RFC 9112 lets a server accept
 * (names starting with "valid").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeFuzzIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 20261126L;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_LIMIT = Duration.ofSeconds(120);

  @TempDir static Path data;
  private final StringWriter log = new StringWriter();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private LocalRuntime runtime;
  private int port;
  private String base;
  private String lookId;
  private String productId;

  @BeforeAll
  void start() throws Exception {
    runtime =
        LocalRuntime.start(
            new LocalRuntime.Settings(
                data,
                0,
                "default",
                "default",
                true,
                8,
                20,
                Duration.ofSeconds(2),
                List.of(Duration.ofMillis(100), Duration.ofMillis(200))),
            new PrintWriter(log, true));
    port = runtime.port();
    base = "http://127.0.0.1:" + port;
    // a look with items, so that the valid-looking requests do real top-k work
    JsonNode photos = json(get("/demo/photos")).path("photos");
    for (int i = 0; i < Math.min(3, photos.size()) && lookId == null; i++) {
      JsonNode look = uploadAndWait(get(photos.get(i).path("url").asText()).body());
      if (look.path("items").size() > 0) {
        lookId = look.path("lookId").asText();
        productId = look.path("items").get(0).path("matches").get(0).path("productId").asText();
      }
    }
    assertThat(lookId).as("a demo photo with items; log:%n%s", log).isNotNull();
  }

  @AfterAll
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void generatedRequestsGetNo5xxAndOnlyJsonErrors() throws Exception {
    List<FuzzRequest> requests = FuzzRequests.generate(SEED, lookId, productId);
    assertThat(requests).hasSizeGreaterThanOrEqualTo(FuzzRequests.AT_LEAST);

    List<String> failures = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    int viaClient = 0;
    int viaSocket = 0;
    int staticFiles = 0;
    int jsonErrors = 0;
    for (FuzzRequest r : requests) {
      Optional<HttpRequest> request = clientRequest(r);
      Outcome o;
      if (request.isPresent()) {
        viaClient++;
        try {
          HttpResponse<byte[]> response =
              http.send(request.get(), HttpResponse.BodyHandlers.ofByteArray());
          o =
              new Outcome(
                  response.statusCode(),
                  response.headers().firstValue("content-type").orElse(null),
                  response.body(),
                  null);
        } catch (IOException e) {
          o = new Outcome(-1, null, new byte[0], e.toString());
        }
      } else {
        viaSocket++;
        RawHttp.Answer a =
            RawHttp.send(
                port,
                RawHttp.request(r.method(), r.target(), port, r.headers(), r.body()),
                TIMEOUT);
        o = new Outcome(a.status(), a.header("content-type"), a.body(), a.note());
      }
      statuses.merge(o.status(), 1, Integer::sum);
      String problem = o.problem(r.method().equalsIgnoreCase("HEAD"));
      if (problem == null && o.status() >= 400) {
        jsonErrors++;
      }
      if ("static".equals(problem)) {
        staticFiles++;
        if (!isPageRequest(r)) {
          failures.add(
              r.describe()
                  + " → "
                  + o.status()
                  + " "
                  + o.contentType()
                  + ": not JSON although not a file of the page");
        }
      } else if (problem != null) {
        failures.add(r.describe() + " → " + problem);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "ServeFuzzIT: %d generated requests over HTTP (%d java.net.http, %d raw socket; %d files"
            + " of the page), statuses %s; %d JSON errors; %d failures%n",
        requests.size(),
        viaClient,
        viaSocket,
        staticFiles,
        statuses,
        jsonErrors,
        failures.size());
    assertThat(failures)
        .as("requests answered with a 5xx, no answer or a non-JSON error")
        .isEmpty();
  }

  @Test
  void theWebServerAnswersMalformedHttpWithJson4xx() throws Exception {
    Map<String, byte[]> cases = malformedHttp();
    List<String> failures = new ArrayList<>();
    int jsonErrors = 0;
    Map<String, String> table = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> c : cases.entrySet()) {
      String name = c.getKey();
      RawHttp.Answer a = RawHttp.send(port, withConnectionClose(c.getValue()), TIMEOUT);
      Outcome o = new Outcome(a.status(), a.header("content-type"), a.body(), a.note());
      String problem = o.problem(name.startsWith("HEAD"));
      if (problem == null && a.status() < 400 && !name.startsWith("valid")) {
        problem = a.status() + ": expected a 4xx";
      }
      table.put(
          name, a.status() + " " + a.header("content-type") + " " + abbreviate(a.bodyText(), 90));
      if (problem != null) {
        failures.add(name + " → " + problem);
      } else if (a.status() >= 400) {
        jsonErrors++;
      }
    }
    table.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-58s %s%n", k, v));
    System.out.printf(
        Locale.ROOT,
        "ServeFuzzIT: %d hand-written malformed HTTP requests; %d JSON"
            + " 4xx errors; %d failures%n",
        cases.size(),
        jsonErrors,
        failures.size());
    assertThat(failures).as("malformed HTTP not answered with a JSON 4xx").isEmpty();
  }

  // ------------------------------------------------------------------------ malformed HTTP

  /** Adds {@code Connection: close} to a request head that has none, so the answer ends. */
  private static byte[] withConnectionClose(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0 || text.substring(0, end).toLowerCase(Locale.ROOT).contains("\r\nconnection:")) {
      return request;
    }
    return (text.substring(0, end) + "\r\nConnection: close" + text.substring(end))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Requests that only a raw socket can send, by name. */
  private Map<String, byte[]> malformedHttp() {
    String host = "Host: 127.0.0.1:" + port + "\r\n";
    Map<String, byte[]> c = new LinkedHashMap<>();
    c.put("request line without spaces", raw("GARBAGE\r\n" + host + "\r\n"));
    c.put("request line without a version", raw("GET /health\r\n" + host + "\r\n"));
    // RFC 9112 §3: a server may split the request line on whitespace (Jetty does)
    c.put("valid: request line with two spaces", raw("GET  /health HTTP/1.1\r\n" + host + "\r\n"));
    c.put("HTTP/2 preface on HTTP/1.1", raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    c.put("HTTP/0.9 request", raw("GET /health\r\n\r\n"));
    c.put("unknown HTTP version", raw("GET /health HTTP/9.9\r\n" + host + "\r\n"));
    c.put(
        "binary request line",
        bytes(
            new byte[] {
              0x16,
              0x03,
              0x01,
              0x00,
              (byte) 0xa5,
              0x01,
              0x00,
              0x00,
              (byte) 0xa1,
              0x03,
              0x03,
              '\r',
              '\n',
              '\r',
              '\n'
            }));
    c.put("bad percent-encoding in the path", raw(get("/looks/%zz", host)));
    c.put("bad percent-encoding at the end", raw(get("/looks/abcdefgh%", host)));
    c.put("bad percent-encoding in the query", raw(get("/health?k=%zz", host)));
    c.put("'|' in the path", raw(get("/looks/abcd|efgh", host)));
    c.put("'{' in the path", raw(get("/looks/{id}", host)));
    c.put("'\\' in the path", raw(get("/looks/..\\..\\etc", host)));
    c.put("'<' in the path", raw(get("/looks/<script>", host)));
    c.put("'\"' in the path", raw(get("/looks/a\"b", host)));
    c.put("'^' in the path", raw(get("/looks/a^bcdefgh", host)));
    c.put("raw NUL in the path", raw(get("/looks/abcd\u0000efgh", host)));
    c.put("raw 0x01 in the path", raw(get("/looks/abcd\u0001efgh", host)));
    c.put(
        "raw 0xFF in the path",
        bytes(
            concat(
                raw("GET /looks/abcd"),
                new byte[] {(byte) 0xFF},
                raw("efgh HTTP/1.1\r\n" + host + "\r\n"))));
    c.put("raw UTF-8 in the path", raw(get("/looks/\u00e9t\u00e9\u00e9t\u00e9\u00e9t", host)));
    c.put("raw tab in the path", raw(get("/looks/abcd\tefgh", host)));
    c.put("request target '*'", raw(get("*", host)));
    c.put("request target without a slash", raw(get("health", host)));
    c.put("OPTIONS *", raw("OPTIONS * HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"));
    c.put("empty path segments (//)", raw(get("//looks//abcdefgh", host)));
    c.put("encoded slash (%2F) in a look id", raw(get("/looks/abcd%2Fefgh", host)));
    c.put("encoded NUL (%00) in the path", raw(get("/looks/abcd%00efgh", host)));
    c.put("overlong UTF-8 (%C0%AE) in the path", raw(get("/looks/%C0%AE%C0%AE/x", host)));
    c.put("fragment in the target", raw(get("/health#frag", host)));
    c.put(
        "user info in an absolute-form target",
        raw(get("http://user@127.0.0.1:" + port + "/health", host)));
    c.put("absolute-form request target", raw(get(base + "/looks/%2e%2e", host)));
    // RFC 9112 §3.2.2: the target's authority wins over Host
    c.put("absolute-form with a foreign host", raw(get("http://evil.example/health", host)));
    c.put(
        "authority-form (CONNECT)",
        raw("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\n" + host + "\r\n"));
    c.put("no Host header", raw("GET /health HTTP/1.1\r\n\r\n"));
    c.put(
        "foreign Host (DNS rebinding)", raw("GET /health HTTP/1.1\r\nHost: evil.example\r\n\r\n"));
    c.put("Host with another port", raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n"));
    c.put(
        "two Host headers", raw("GET /health HTTP/1.1\r\n" + host + "Host: evil.example\r\n\r\n"));
    c.put("HTTP/1.0 without Host", raw("GET /health HTTP/1.0\r\n\r\n"));
    c.put("header line without a colon", raw("GET /health HTTP/1.1\r\n" + host + "Oops\r\n\r\n"));
    c.put(
        "header with a space before the colon",
        raw("GET /health HTTP/1.1\r\n" + host + "X-A : b\r\n\r\n"));
    c.put("header name with a space", raw("GET /health HTTP/1.1\r\n" + host + "X A: b\r\n\r\n"));
    c.put(
        "header name with a non-token character",
        raw("GET /health HTTP/1.1\r\n" + host + "X(A): b\r\n\r\n"));
    c.put("empty header name", raw("GET /health HTTP/1.1\r\n" + host + ": b\r\n\r\n"));
    c.put(
        "NUL in a header value", raw("GET /health HTTP/1.1\r\n" + host + "X-A: b\u0000c\r\n\r\n"));
    c.put("unknown Expect", raw("GET /health HTTP/1.1\r\n" + host + "Expect: 200-ok\r\n\r\n"));
    // RFC 9112 §5.2: a server may unfold (HttpFront lets Jetty do so) instead of answering 400
    c.put(
        "valid: obsolete header folding",
        raw("GET /health HTTP/1.1\r\n" + host + "X-A: b\r\n  c\r\n\r\n"));
    c.put(
        "500 headers", raw("GET /health HTTP/1.1\r\n" + host + "X-A: b\r\n".repeat(500) + "\r\n"));
    c.put(
        "a 100 KB header",
        raw("GET /health HTTP/1.1\r\n" + host + "X-A: " + "b".repeat(100_000) + "\r\n\r\n"));
    c.put("a 100 KB path", raw(get("/looks/" + "a".repeat(100_000), host)));
    c.put("Content-Length not a number", raw(post(host, "Content-Length: abc\r\n", "{}")));
    c.put("negative Content-Length", raw(post(host, "Content-Length: -5\r\n", "{}")));
    c.put(
        "Content-Length beyond long",
        raw(post(host, "Content-Length: 99999999999999999999\r\n", "{}")));
    c.put(
        "two different Content-Lengths",
        raw(post(host, "Content-Length: 2\r\nContent-Length: 3\r\n", "{}")));
    c.put("Content-Length longer than the body", raw(post(host, "Content-Length: 10\r\n", "{}")));
    c.put("Transfer-Encoding gzip", raw(post(host, "Transfer-Encoding: gzip\r\n", "")));
    c.put(
        "Transfer-Encoding gzip, chunked",
        raw(post(host, "Transfer-Encoding: gzip, chunked\r\n", "2\r\n{}\r\n0\r\n\r\n")));
    c.put(
        "Transfer-Encoding chunked, gzip",
        raw(post(host, "Transfer-Encoding: chunked, gzip\r\n", "2\r\n{}\r\n0\r\n\r\n")));
    c.put(
        "Transfer-Encoding chunked twice",
        raw(
            post(
                host,
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                "2\r\n{}\r\n0\r\n\r\n")));
    c.put("Content-Length with a plus sign", raw(post(host, "Content-Length: +2\r\n", "{}")));
    c.put("Content-Length as a list", raw(post(host, "Content-Length: 2, 2\r\n", "{}")));
    c.put(
        "bad chunk size",
        raw(post(host, "Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n")));
    c.put(
        "chunk longer than announced",
        raw(post(host, "Transfer-Encoding: chunked\r\n", "2\r\n{\"contentType\":1}\r\n0\r\n\r\n")));
    c.put(
        "chunked and Content-Length",
        raw(
            post(
                host,
                "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
                "2\r\n{}\r\n0\r\n\r\n")));
    c.put(
        "valid chunked body (201)",
        raw(
            post(
                host,
                "Transfer-Encoding: chunked\r\n",
                "1b\r\n{\"contentType\":\"image/png\"}\r\n0\r\n\r\n")));
    c.put(
        "oversized body (70 KB)", raw(post(host, "Content-Length: 70000\r\n", "x".repeat(70_000))));
    c.put(
        "oversized body (2 MB)",
        raw(post(host, "Content-Length: 2000000\r\n", "x".repeat(2_000_000))));
    c.put(
        "oversized chunked body (200 KB)",
        raw(
            post(
                host,
                "Transfer-Encoding: chunked\r\n",
                "30d40\r\n" + "x".repeat(200_000) + "\r\n0\r\n\r\n")));
    c.put(
        "Expect: 100-continue with an oversized body",
        raw(post(host, "Expect: 100-continue\r\nContent-Length: 100000\r\n", "x".repeat(100_000))));
    c.put("unknown static file", raw(get("/nope.js", host)));
    c.put("unknown static file in a folder", raw(get("/assets/app.css", host)));
    c.put(
        "HEAD of an unknown static file",
        raw("HEAD /nope.js HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"));
    c.put("dot file", raw(get("/.env", host)));
    c.put("traversal out of the page", raw(get("/../../etc/passwd", host)));
    c.put("encoded traversal out of the page", raw(get("/%2e%2e/%2e%2e/etc/passwd", host)));
    c.put("traversal to the classpath", raw(get("/web/../log4j2.xml", host)));
    c.put("class file", raw(get("/com/buythatlook/cli/Btl.class", host)));
    c.put("demo photo traversal", raw(get("/demo/photos/../../s3-credentials", host)));
    c.put("unknown demo photo", raw(get("/demo/photos/999999999.jpg", host)));
    c.put("demo photo with a huge id", raw(get("/demo/photos/99999999999999999999.jpg", host)));
    c.put(
        "POST to the demo photos",
        raw(
            "POST /demo/photos HTTP/1.1\r\n"
                + host
                + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
    c.put(
        "made-up method on the page",
        raw("BREW / HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"));
    c.put(
        "lower-case method",
        raw("get /looks/%2e%2e HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"));
    c.put(
        "method with a control character",
        raw("GE\u0001T /health HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"));
    c.put("TRACE", raw("TRACE /health HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"));
    return c;
  }

  private static String get(String target, String host) {
    return "GET " + target + " HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n";
  }

  private static String post(String host, String lengthHeaders, String body) {
    return "POST /looks HTTP/1.1\r\n"
        + host
        + "Content-Type: application/json\r\n"
        + lengthHeaders
        + "Connection: close\r\n\r\n"
        + body;
  }

  private static byte[] raw(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(byte[] b) {
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------------------- checking

  /** One answer, however it was sent. */
  private record Outcome(int status, String contentType, byte[] body, String note) {
    /** Why it breaks the rules, {@code "static"} for a non-JSON 2xx, or {@code null}. */
    String problem(boolean head) {
      String text = new String(body, StandardCharsets.UTF_8);
      if (status < 0) {
        return "no answer (" + note + ")";
      }
      if (status >= 500 || status < 200) {
        return status + " " + contentType + " " + abbreviate(text, 200);
      }
      boolean json = contentType != null && contentType.startsWith("application/json");
      if (status < 400 && !json) {
        return "static";
      }
      if (!json) {
        return status + " with Content-Type " + contentType + ": " + abbreviate(text, 120);
      }
      if (head) {
        return null;
      }
      try {
        JsonNode node = JSON.readTree(body);
        if (node == null || !node.isObject()) {
          return status + ": not a JSON object: " + abbreviate(text, 120);
        }
        if (status >= 400
            && (node.path("error").path("code").asText("").isEmpty()
                || node.path("error").path("message").asText("").isBlank())) {
          return status + ": error body without code and message: " + abbreviate(text, 120);
        }
        return null;
      } catch (IOException e) {
        return status + ": body is not JSON: " + abbreviate(text, 120);
      }
    }
  }

  /** A GET or HEAD of something that is not an API route may be a file of the page. */
  private static boolean isPageRequest(FuzzRequest r) {
    String m = r.method().toUpperCase(Locale.ROOT);
    String first = r.rawPath().length() <= 1 ? "" : r.rawPath().substring(1).split("/", 2)[0];
    return (m.equals("GET") || m.equals("HEAD"))
        && !List.of("looks", "products", "health").contains(first);
  }

  /** The request through java.net.http, or empty when it refuses to build it. */
  private Optional<HttpRequest> clientRequest(FuzzRequest r) {
    String target = r.target();
    if (target.chars().anyMatch(ch -> ch > 0x7e || ch < 0x21)) {
      return Optional.empty(); // raw non-ASCII: a raw socket sends it byte for byte
    }
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(new URI(base + target))
              .timeout(TIMEOUT)
              .method(
                  r.method(),
                  r.body().length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(r.body()));
      r.headers().forEach(b::header);
      return Optional.of(b.build());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  // ----------------------------------------------------------------------------- set-up

  /** POST /looks, the presigned form upload, then polls until the look is final. */
  private JsonNode uploadAndWait(byte[] photo) throws Exception {
    JsonNode created =
        json(
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/looks"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"contentType\":\"image/jpeg\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray()));
    String id = created.path("lookId").asText();
    JsonNode upload = created.path("upload");
    String boundary = "----btlfuzz" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var e : upload.path("fields").properties()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + e.getKey()
                  + "\"\r\n\r\n"
                  + e.getValue().asText()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(photo);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> stored =
        http.send(
            HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stored.statusCode()).as("S3 upload: %s", stored.body()).isIn(200, 201, 204);
    long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
    while (true) {
      JsonNode now = json(get("/looks/" + id));
      String status = now.path("status").asText();
      if (status.equals("EMBEDDED") || status.equals("FAILED")) {
        return now;
      }
      assertThat(System.nanoTime())
          .as("look %s still %s; log:%n%s", id, status, log)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    assertThat(r.statusCode()).as("%s", r.request().uri()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  private static String abbreviate(String s, int n) {
    String one = s.replace("\r", "\\r").replace("\n", "\\n");
    return one.length() <= n ? one : one.substring(0, n) + "…";
  }
}
