package com.buythatlook.core.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the API sees it, independent of where it came from (an API Gateway event, the
 * local server).
 *
 * @param method the HTTP method as sent; methods are case-sensitive, so {@code get} is not GET
 * @param path the request path as sent, still percent-encoded ({@code /looks/abc})
 * @param query decoded query parameters; a parameter given twice has two values, in order
 * @param headers header names lower-cased (the constructor does it)
 * @param body the raw body, empty when there is none
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body) {

  public ApiRequest {
    Objects.requireNonNull(method, "method");
    path = path == null || path.isEmpty() ? "/" : path;
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (query != null) {
      query.forEach((k, v) -> q.put(k, v == null ? List.of() : List.copyOf(v)));
    }
    query = Collections.unmodifiableMap(q);
    Map<String, String> h = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              h.put(k.toLowerCase(Locale.ROOT), v);
            }
          });
    }
    headers = Collections.unmodifiableMap(h);
    body = body == null ? new byte[0] : body;
  }

  /** A request with its query string still raw ({@code a=1&b=x%20y&b=z}), as HTTP sends it. */
  public static ApiRequest of(
      String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
    return new ApiRequest(method, path, parseQuery(rawQuery), headers, body);
  }

  /** A body-less GET, for tests and tools. */
  public static ApiRequest get(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0
        ? of("GET", pathAndQuery, null, Map.of(), null)
        : of("GET", pathAndQuery.substring(0, q), pathAndQuery.substring(q + 1), Map.of(), null);
  }

  /** The header's value, by case-insensitive name, or {@code null}. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Parses {@code application/x-www-form-urlencoded} query text, keeping repeated names. Never
   * fails: a malformed escape is kept literally and invalid UTF-8 becomes U+FFFD, so odd input
   * reaches validation and is answered with a 400 that names the parameter, instead of failing here
   * without context.
   */
  public static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
      out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return out;
  }

  /**
   * Percent-decoding as browsers tolerate it. {@code plusIsSpace} is true in query strings and
   * false in paths, where '+' is a literal plus.
   */
  public static String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 3;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
        i++;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    // new String(bytes, UTF_8) replaces malformed sequences with U+FFFD
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** ASCII hex only: {@link Character#digit} would also accept other scripts' digits. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  @Override
  public String toString() {
    return method
        + " "
        + path
        + (query.isEmpty() ? "" : " " + query)
        + " ("
        + body.length
        + " bytes)";
  }
}
