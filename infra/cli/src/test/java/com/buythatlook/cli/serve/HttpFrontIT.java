package com.buythatlook.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web server's own protections, over raw sockets (what a browser or java.net.http would never
 * send): foreign hosts, oversized or stalled bodies, broken chunking, header floods. Each gets a
 * JSON 4xx, and the worker it held is free again.
 */
class HttpFrontIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BODY_TIMEOUT = Duration.ofMillis(500);

  private final List<APIGatewayV2HTTPEvent> events = new CopyOnWriteArrayList<>();
  private HttpFront front;
  private String host;

  @BeforeEach
  void start() throws IOException {
    front = HttpFront.bind(0, BODY_TIMEOUT);
    host = "127.0.0.1:" + front.port();
    front.start(
        (event, context) -> {
          events.add(event);
          return APIGatewayV2HTTPResponse.builder()
              .withStatusCode(200)
              .withHeaders(Map.of("Content-Type", "application/json"))
              .withBody("{\"seen\":\"" + event.getRouteKey() + "\"}")
              .build();
        },
        DemoPhotos.none());
  }

  @AfterEach
  void stop() {
    front.close();
  }

  @Test
  void aWellFormedRequestReachesTheHandler() throws Exception {
    Answer a =
        send(
            "POST /looks HTTP/1.1\r\nHost: "
                + host
                + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: 2\r\n\r\n{}");

    assertThat(a.status).isEqualTo(200);
    assertThat(a.json().path("seen").asText()).isEqualTo("POST /looks");
    assertThat(events).singleElement().satisfies(e -> assertThat(e.getBody()).isEqualTo("{}"));
  }

  @Test
  void requestsForAnotherHostAreRefused() throws Exception {
    assertError(
        send("GET /health HTTP/1.1\r\nHost: evil.example\r\n\r\n"), 421, "misdirected_request");
    assertError(send("GET /health HTTP/1.1\r\n\r\n"), 421, "misdirected_request");
    assertError(
        send("GET /health HTTP/1.1\r\nHost: " + host + "\r\nHost: evil.example\r\n\r\n"),
        421,
        "misdirected_request");
    assertError(
        send("GET http://evil.example/health HTTP/1.1\r\nHost: " + host + "\r\n\r\n"),
        421,
        "misdirected_request");
    assertThat(events).isEmpty();
  }

  @Test
  void anOversizedBodyGetsA413ThatTheClientCanRead() throws Exception {
    String body = "x".repeat(HttpFront.MAX_BODY_BYTES + 5000);
    assertError(
        send(
            "POST /looks HTTP/1.1\r\nHost: "
                + host
                + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body),
        413,
        "body_too_large");
  }

  @Test
  void aBodyThatStopsArrivingGetsA408AndFreesTheWorker() throws Exception {
    long t0 = System.nanoTime();
    Answer a =
        send(
            "POST /looks HTTP/1.1\r\nHost: "
                + host
                + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: 100\r\n\r\n{}");

    assertError(a, 408, "request_timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(events).isEmpty();
  }

  @Test
  void brokenChunkingIsA400() throws Exception {
    assertError(
        send(
            "POST /looks HTTP/1.1\r\nHost: "
                + host
                + "\r\nContent-Type: application/json"
                + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        400,
        "invalid_body");
  }

  @Test
  void floodsOfHeadersAndUnknownHttpVersionsAreRefused() throws Exception {
    assertError(
        send(
            "GET /health HTTP/1.1\r\nHost: "
                + host
                + "\r\n"
                + "X-A: b\r\n".repeat(HttpFront.MAX_HEADER_LINES + 1)
                + "\r\n"),
        431,
        "headers_too_large");
    assertError(
        send(
            "GET /health HTTP/1.1\r\nHost: "
                + host
                + "\r\nX-A: "
                + "b".repeat(HttpFront.MAX_HEADER_BYTES)
                + "\r\n\r\n"),
        431,
        "headers_too_large");
    assertError(
        send("GET /health HTTP/9.9\r\nHost: " + host + "\r\n\r\n"),
        400,
        "unsupported_http_version");
  }

  @Test
  void servesThePageAndKeepsPathsInsideIt() throws Exception {
    Answer page = send("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    assertThat(page.status).isEqualTo(200);
    assertThat(page.head).containsIgnoringCase("Content-Type: text/html");

    // a target above the root is refused by Jetty's URI compliance, as a JSON 400
    assertError(send("GET /../pom.xml HTTP/1.1\r\nHost: " + host + "\r\n\r\n"), 400, "bad_request");
    assertThat(events).as("not handed to the API").isEmpty();
    Answer photos = send("GET /demo/photos HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    assertThat(photos.json().path("photos").isArray()).isTrue();
  }

  // ---------------------------------------------------------------------------- raw HTTP

  private record Answer(int status, String head, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private static void assertError(Answer a, int status, String code) throws IOException {
    assertThat(a.status).as("%s%n%s", a.head, a.body).isEqualTo(status);
    assertThat(a.head).containsIgnoringCase("Content-Type: application/json");
    assertThat(a.json().path("error").path("code").asText()).isEqualTo(code);
    assertThat(a.json().path("error").path("message").asText()).isNotBlank();
  }

  /** Writes the request as it is (with Connection: close) and reads one answer. */
  private Answer send(String request) throws IOException {
    String withClose = request.replaceFirst("\r\n", "\r\nConnection: close\r\n");
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), front.port())) {
      s.setSoTimeout(10_000);
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  out.write(withClose.getBytes(StandardCharsets.ISO_8859_1));
                  out.flush();
                } catch (IOException e) {
                  // the server answered before reading everything; the answer is what counts
                }
              });
      writer.setDaemon(true);
      writer.start();
      return read(s.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    Pattern length = Pattern.compile("(?im)^content-length:\\s*(\\d+)");
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        b.write(buf, 0, n);
        String text = b.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0) {
          Matcher m = length.matcher(text.substring(0, end));
          int need = m.find() ? Integer.parseInt(m.group(1)) : -1;
          if (need >= 0 && text.length() - end - 4 >= need) {
            break;
          }
        }
      }
    } catch (SocketTimeoutException e) {
      // answer what arrived
    } catch (java.net.SocketException e) {
      if (b.size() == 0) {
        throw e;
      }
    }
    String text = b.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    assertThat(end).as("an HTTP answer, got: %s", text).isPositive();
    String head = text.substring(0, end);
    return new Answer(Integer.parseInt(head.split(" ", 3)[1]), head, text.substring(end + 4));
  }
}
