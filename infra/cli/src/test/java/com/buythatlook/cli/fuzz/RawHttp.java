package com.buythatlook.cli.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http} refuses to send: made-up or invalid
 * methods, request targets that are no URI ({@code %zz}, raw spaces, control characters), broken
 * request lines, wrong or contradictory {@code Content-Length}, bad chunked bodies, missing or
 * foreign {@code Host}. The request is written as given (in a thread of its own, so that a server
 * that answers before reading everything is seen answering); the answer is read until the server
 * closes the connection.
 */
final class RawHttp {
  /** What came back; {@code status} is -1 when the connection closed without an answer. */
  record Answer(int status, Map<String, String> headers, byte[] body, String note) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {}

  /**
   * A request with {@code Host}, {@code Connection: close} and, when there is a body, its length.
   */
  static byte[] request(
      String method, String target, int port, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /**
   * Sends the bytes as they are and reads the answer: interim 1xx answers are skipped, the body is
   * read as far as its {@code Content-Length} says (or to the end of the connection), so that a
   * server keeping the connection open does not look like one that does not answer.
   */
  static Answer send(int port, byte[] request, Duration timeout) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout((int) timeout.toMillis());
      OutputStream out = s.getOutputStream();
      String[] writeNote = {null};
      Thread writer =
          new Thread(
              () -> {
                try {
                  out.write(request);
                  out.flush();
                } catch (IOException e) {
                  writeNote[0] = "the server stopped reading: " + e.getMessage();
                }
              },
              "raw-http-writer");
      writer.setDaemon(true);
      writer.start();
      byte[] raw;
      String note = null;
      try {
        raw = readAnswer(s.getInputStream());
      } catch (SocketTimeoutException e) {
        raw = new byte[0];
        note = "no answer within " + timeout.toSeconds() + " s";
      } catch (IOException e) {
        raw = new byte[0];
        note = "connection failed: " + e.getMessage();
      }
      Answer a = parse(raw);
      String n = note != null ? note : a.note() != null ? a.note() : writeNote[0];
      return new Answer(a.status(), a.headers(), a.body(), n);
    }
  }

  private static byte[] readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int headEnd = -1;
    long need = -1; // bytes of the whole answer, once known
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        b.write(buf, 0, n);
        byte[] sofar = b.toByteArray();
        if (headEnd < 0) {
          headEnd = indexOf(sofar, CRLFCRLF);
          if (headEnd >= 0) {
            String head = new String(sofar, 0, headEnd, StandardCharsets.ISO_8859_1);
            if (head.startsWith("HTTP/1.1 1") || head.startsWith("HTTP/1.0 1")) {
              // an interim answer (100 Continue): the real one follows
              b.reset();
              b.write(sofar, headEnd + 4, sofar.length - headEnd - 4);
              headEnd = -1;
              continue;
            }
            need = contentLength(head).map(len -> (long) len).orElse(-1L);
            need = need < 0 ? -1 : headEnd + 4 + need;
          }
        }
        if (need >= 0 && b.size() >= need) {
          break;
        }
      }
    } catch (java.net.SocketException e) {
      // a reset after the answer was sent: keep what arrived
      if (b.size() == 0) {
        throw e;
      }
    }
    return b.toByteArray();
  }

  private static java.util.Optional<Integer> contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("content-length")) {
        try {
          return java.util.Optional.of(Integer.parseInt(line.substring(colon + 1).strip()));
        } catch (NumberFormatException e) {
          return java.util.Optional.empty();
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static final byte[] CRLFCRLF = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  /** Status line, headers (lower-cased names) and body (chunked bodies decoded). */
  static Answer parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (raw.length == 0 || end < 0) {
      return new Answer(
          -1,
          Map.of(),
          raw,
          raw.length == 0
              ? "closed without an answer"
              : "no complete head: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] status = lines[0].split(" ", 3);
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (RuntimeException e) {
      return new Answer(-1, Map.of(), raw, "not a status line: " + lines[0]);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.merge(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip(),
            (a, b) -> a + "," + b);
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    } else if (headers.containsKey("content-length")) {
      int n = Integer.parseInt(headers.get("content-length"));
      body = java.util.Arrays.copyOf(body, Math.min(n, body.length));
    }
    return new Answer(code, headers, body, null);
  }

  private static byte[] dechunk(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < b.length) {
      int eol = indexOf(java.util.Arrays.copyOfRange(b, i, b.length), new byte[] {'\r', '\n'});
      if (eol < 0) {
        break;
      }
      String size = new String(b, i, eol, StandardCharsets.ISO_8859_1).split(";")[0].strip();
      int n = Integer.parseInt(size, 16);
      i += eol + 2;
      if (n == 0) {
        break;
      }
      out.write(b, i, Math.min(n, b.length - i));
      i += n + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
