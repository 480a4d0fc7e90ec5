package com.buythatlook.core.api;

import com.buythatlook.core.text.Printable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Malformed and odd requests for the API, generated from a seed, for the fuzz tests of the query
 * handler (functions/query, {@code QueryFuzzTest}: as API Gateway events) and of the local server
 * (infra/cli, {@code ServeFuzzIT}: over HTTP). The API must answer every one with a 2xx or a 4xx
 * and a JSON body, an error one with {@code {"error": {"code", "message"}}}; never a 5xx.
 *
 * <p>Categories (the {@link FuzzRequest#category} of each request): {@code bad-json}, {@code
 * wrong-type}, {@code k} (huge, negative, odd numerals), {@code price}, {@code brand}, {@code
 * query} (repeats, empty values, bad escapes, unknown names), {@code route} (unknown routes),
 * {@code method} (PUT, DELETE, PATCH, OPTIONS, HEAD, TRACE, lower case, made-up), {@code look-id}
 * and {@code product-id} (path traversal, {@code %00}, overlong, RTL, emoji, combining characters,
 * invalid UTF-8), {@code body-size} (0 B, 4 KiB ± 1, 5 KB, 64 KiB, 1 MB), {@code nesting} (JSON
 * 2,000 and 10,000 deep), {@code encoding} (non-UTF-8, UTF-16, BOM), {@code content-type}, {@code
 * base64} (the event's flag with invalid base64), {@code header} and {@code random} (seeded
 * mutations and combinations of the above).
 *
 * <p>Paths and queries are as a client puts them on the wire (percent-encoded), except the requests
 * of category {@code raw-bytes}, which carry raw non-ASCII text in the path for clients that can
 * send it (raw sockets).
 */
public final class FuzzRequests {
  /** How an API Gateway event carries the body (over HTTP the bytes are sent as they are). */
  public enum BodyMode {
    /** a text body, as API Gateway passes JSON and text types */
    TEXT,
    /** base64 with {@code isBase64Encoded}, as API Gateway passes other types */
    BASE64,
    /** {@code isBase64Encoded} set on a body that is not base64 (the bytes as ISO-8859-1) */
    CLAIMS_BASE64
  }

  /**
   * One request.
   *
   * @param rawPath the path as sent, percent-encoded
   * @param rawQuery the query as sent, or {@code null} for none
   * @param headers as sent, in order; names as written
   * @param body never {@code null}; empty for none
   */
  public record FuzzRequest(
      String category,
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      byte[] body,
      BodyMode bodyMode) {

    /** The path and query as one request target. */
    public String target() {
      return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }

    /** Short and printable, for assertion messages. */
    public String describe() {
      String t = Printable.of(target(), 120);
      return "["
          + category
          + "] "
          + Printable.of(method, 20)
          + " "
          + t
          + (headers.isEmpty() ? "" : " " + Printable.of(headers.toString(), 120))
          + " ("
          + body.length
          + " B body, "
          + bodyMode
          + ")";
    }

    String key() {
      return method
          + " "
          + target()
          + " "
          + new TreeMap<>(headers)
          + " "
          + bodyMode
          + " "
          + body.length
          + ":"
          + Arrays.hashCode(body);
    }
  }

  /** The least number of distinct requests {@link #generate} returns. */
  public static final int AT_LEAST = 1000;

  private static final String JSON = "application/json";
  private static final String VALID_BODY = "{\"contentType\":\"image/jpeg\"}";

  private final SplittableRandom random;
  private final String lookId;
  private final String productId;
  private final Map<String, FuzzRequest> out = new LinkedHashMap<>();

  private FuzzRequests(long seed, String lookId, String productId) {
    this.random = new SplittableRandom(seed);
    this.lookId = lookId;
    this.productId = productId;
  }

  /**
   * At least {@value #AT_LEAST} distinct requests, the same ones for the same arguments.
   *
   * @param lookId a look that exists (preferably EMBEDDED with items), so that valid-looking
   *     requests reach the index; any valid id works
   * @param productId a product that exists and is indexed
   */
  public static List<FuzzRequest> generate(long seed, String lookId, String productId) {
    FuzzRequests g = new FuzzRequests(seed, lookId, productId);
    g.badJson();
    g.wrongTypes();
    g.k();
    g.prices();
    g.brands();
    g.queries();
    g.routes();
    g.methods();
    g.ids();
    g.bodySizes();
    g.nesting();
    g.encodings();
    g.contentTypes();
    g.base64();
    g.headers();
    g.rawBytes();
    g.randomCombinations(AT_LEAST + 200 - g.out.size());
    return List.copyOf(g.out.values());
  }

  /** How many requests of each category, in first-seen order. */
  public static Map<String, Integer> countByCategory(List<FuzzRequest> requests) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    requests.forEach(r -> counts.merge(r.category(), 1, Integer::sum));
    return counts;
  }

  // ----------------------------------------------------------------------------- categories

  private void badJson() {
    List<String> bodies =
        List.of(
            "{",
            "}",
            "[",
            "]",
            "{\"contentType\":}",
            "{\"contentType\":\"image/jpeg\"",
            "{\"contentType\" \"image/jpeg\"}",
            "{\"contentType\":\"image/jpeg\",}",
            "{'contentType':'image/jpeg'}",
            "{contentType:\"image/jpeg\"}",
            "{\"contentType\":\"image/jpeg\"}{}",
            "{\"contentType\":\"image/jpeg\"} x",
            "{\"contentType\":\"image/jpeg\"}\n{\"contentType\":\"image/png\"}",
            "{\"contentType\":\"image/jpeg\",\"contentType\":\"image/png\"}",
            "/* c */ {\"contentType\":\"image/jpeg\"}",
            "{\"contentType\":\"image/jpeg\"} // c",
            "{\"contentType\":NaN}",
            "{\"contentType\":Infinity}",
            "{\"contentType\":undefined}",
            "{\"contentType\":\"image/jpeg\\\"}",
            "{\"contentType\":\"\\u00\"}",
            "{\"contentType\":\"\\uD800\"}",
            "{\"contentType\":\"a\u0000b\"}",
            "{\"contentType\":\"image/jpeg\u0001\"}",
            "\"{\\\"contentType\\\":1}\"",
            "nul",
            "tru",
            "-",
            "01",
            "1e999999",
            "{\"\":\"\"}",
            "{\"a\"}",
            ",",
            ":",
            "\"",
            "\\",
            "{\"contentType\":\"image/jpeg\"}]",
            "[{\"contentType\":\"image/jpeg\"}]",
            "<xml/>",
            "contentType=image/jpeg",
            "{{}}",
            "{\"contentType\":'image/png'}",
            "{\"contentType\":\"image/jpeg\"\"x\":1}",
            "\t{\n\"contentType\"\r:\"image/png\"}");
    for (String b : bodies) {
      post("bad-json", JSON, b);
    }
    // every prefix of a valid body: the truncations a broken client sends
    for (int n = 1; n < VALID_BODY.length(); n++) {
      post("bad-json", JSON, VALID_BODY.substring(0, n));
    }
  }

  private void wrongTypes() {
    List<String> values =
        List.of(
            "1",
            "0",
            "-1",
            "1.5",
            "true",
            "false",
            "null",
            "[]",
            "{}",
            "[\"image/jpeg\"]",
            "{\"type\":\"image/jpeg\"}",
            "\"\"",
            "\" \"",
            "\"IMAGE/JPEG\"",
            "\"image/gif\"",
            "\"image/jpeg; charset=utf-8\"",
            "\"image/*\"",
            "\"*/*\"",
            "\"image/svg+xml\"",
            "\"text/html\"",
            "\"image/jpeg \"",
            "\" image/jpeg\"",
            "\"image/jpg\"",
            "\"image/heic\"",
            "\"application/json\"",
            "\"image/pn\\u0067\"",
            "\"" + "x".repeat(3000) + "\"",
            "1e308",
            "-0",
            "\"\\u202eimage/png\"");
    for (String v : values) {
      post("wrong-type", JSON, "{\"contentType\":" + v + "}");
    }
    for (String extra :
        List.of(
            "\"size\":1",
            "\"contentType2\":\"x\"",
            "\"ContentType\":\"image/png\"",
            "\"lookId\":\"" + lookId + "\"",
            "\"__proto__\":{}",
            "\"\":1")) {
      post("wrong-type", JSON, "{\"contentType\":\"image/png\"," + extra + "}");
      post("wrong-type", JSON, "{" + extra + "}");
    }
  }

  private static final List<String> K_VALUES =
      List.of(
          "-1",
          "-0",
          "0",
          "101",
          "1000",
          "2147483647",
          "2147483648",
          "-2147483649",
          "9999999999",
          "99999999999999999999999999999999",
          "1e3",
          "1E2",
          "0x10",
          "1.5",
          "6.0",
          "%206",
          "6%20",
          "+6",
          "%2B6",
          "6abc",
          "abc",
          "NaN",
          "Infinity",
          "-Infinity",
          "null",
          "true",
          "%D9%A6" /* Arabic-Indic six */,
          "%EF%BC%96" /* fullwidth six */,
          "%00",
          "6%00",
          "%0A6",
          "6,7",
          "[6]",
          "%",
          "%zz",
          "k",
          "00000000006",
          "0000000000",
          "1".repeat(200),
          "-" + "9".repeat(50));

  private void k() {
    for (String v : K_VALUES) {
      lookGet("k", "k=" + v);
      similarGet("k", "k=" + v);
    }
    // valid edge values and repeats
    for (String q :
        List.of(
            "k=1",
            "k=100",
            "k=",
            "k",
            "k=6&k=7",
            "k=6&k=6",
            "k=&k=",
            "k=6&k=",
            "k=100&k=101",
            "&k=6&",
            "k=6;k=7",
            "K=6")) {
      lookGet("k", q);
      similarGet("k", q);
    }
  }

  private void prices() {
    List<String> bad =
        List.of(
            "-1",
            "-0.01",
            "1e9",
            "1E-3",
            "abc",
            "NaN",
            "Infinity",
            "0x1F",
            "1,5",
            "1.",
            ".5",
            "1.1234567",
            "9999999999999",
            "1%2E5",
            "%E2%82%AC5" /* euro sign */,
            "5%00",
            "%20",
            "1.5.5",
            "%2D1",
            "99999999999999999999.99");
    for (String v : bad) {
      lookGet("price", "minPrice=" + v);
      similarGet("price", "maxPrice=" + v);
    }
    for (String q :
        List.of(
            "minPrice=10&maxPrice=5",
            "minPrice=5&maxPrice=5",
            "minPrice=0&maxPrice=0",
            "minPrice=&maxPrice=",
            "minPrice=1&minPrice=2",
            "maxPrice=999999999999.999999",
            "minPrice=999999999999",
            "minPrice=0.000001",
            "maxPrice=10&maxPrice=")) {
      lookGet("price", q);
      similarGet("price", q);
    }
  }

  private void brands() {
    List<String> qs = new ArrayList<>();
    qs.add("brand=");
    qs.add("brand=Halden&brand=Halden");
    qs.add("brand=Halden%2CNorr");
    qs.add("brand=%20Halden%20");
    qs.add("brand=" + "a".repeat(100));
    qs.add("brand=" + "a".repeat(101));
    qs.add("brand=" + "%C3%A9".repeat(100));
    qs.add("brand=a%00b");
    qs.add("brand=a%0Ab");
    qs.add("brand=%F0%9F%91%97"); // a dress emoji
    qs.add("brand=%E2%80%AEnedlaH"); // right-to-left override
    qs.add("brand=e%CC%81"); // e + combining acute
    qs.add("brand=%FF%FE");
    qs.add("brand=%C0%AF"); // overlong '/'
    qs.add("brand=%ED%A0%80"); // a lone surrogate, as UTF-8
    qs.add("brand=Halden+Norr");
    qs.add("brand=Halden%2BNorr");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      many.append(i == 0 ? "" : "&").append("brand=b").append(i);
    }
    qs.add(many.toString());
    StringBuilder twenty = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      twenty.append(i == 0 ? "" : "&").append("brand=b").append(i);
    }
    qs.add(twenty.toString());
    for (String q : qs) {
      lookGet("brand", q);
      similarGet("brand", q);
    }
  }

  private void queries() {
    List<String> qs =
        List.of(
            "",
            "&",
            "&&&",
            "=",
            "==",
            "=6",
            "?",
            "??k=6",
            "#",
            "%",
            "%%",
            "%zz",
            "%e",
            "%E9",
            "%C3",
            "a",
            "a=1",
            "maxprice=10",
            "minprice=1",
            "Brand=x",
            "k%00=6",
            "%6B=6",
            "k%3D6",
            "k=6%26k=7",
            "callback=x",
            "__proto__=1",
            "constructor=1",
            "k[]=6",
            "k[0]=6",
            "brand[]=x",
            "x=" + "y".repeat(10_000),
            "y".repeat(8_000),
            "k=6&" + "z=1&".repeat(500),
            ";",
            "k=6;brand=x",
            "%F0%9F%98%80=1",
            "k=%E2%80%AE6",
            "+",
            "k=+6",
            "k+=6",
            "%20k=6");
    for (String q : qs) {
      lookGet("query", q);
      similarGet("query", q);
      add("query", "GET", "/health", q, Map.of(), new byte[0], BodyMode.TEXT);
      add(
          "query",
          "POST",
          "/looks",
          q,
          Map.of("Content-Type", JSON),
          bytes(VALID_BODY),
          BodyMode.TEXT);
    }
  }

  private static final List<String> UNKNOWN_PATHS =
      List.of(
          "/",
          "//",
          "///",
          "/look",
          "/Looks",
          "/LOOKS",
          "/looks/",
          "/looks//",
          "/health/",
          "/health/x",
          "/HEALTH",
          "/Health",
          "/health%2F",
          "/%68ealth",
          "/products",
          "/products/",
          "/products/1",
          "/products/1/",
          "/products/1/similar/x",
          "/products/1/Similar",
          "/products//similar",
          "/products/1/similar%2Fx",
          "/products%2F1%2Fsimilar",
          "/looks%2Fabcdefgh",
          "/api/looks",
          "/v1/looks",
          "/prod/looks",
          "/index.html",
          "/app.js",
          "/favicon.ico",
          "/robots.txt",
          "/.env",
          "/.git/config",
          "/wp-login.php",
          "/cgi-bin/test.cgi",
          "/server-status",
          "/looks/abcdefgh/items",
          "/looks/abcdefgh/similar",
          "/demo",
          "/demo/photos/x",
          "/%2e%2e/%2e%2e/etc/passwd",
          "/..%2f..%2fetc%2fpasswd",
          "/%00",
          "/health%00",
          "/health;jsessionid=1",
          "/health.json",
          "/looks.json",
          "*",
          "health",
          "",
          "/%E2%80%AEhtlaeh",
          "/%F0%9F%91%97",
          "/" + "a/".repeat(500),
          "/" + "x".repeat(9_000));

  private void routes() {
    for (String p : UNKNOWN_PATHS) {
      add("route", "GET", p, null, Map.of(), new byte[0], BodyMode.TEXT);
      add("route", "POST", p, null, Map.of("Content-Type", JSON), bytes(VALID_BODY), BodyMode.TEXT);
    }
  }

  private static final List<String> METHODS =
      List.of(
          "PUT",
          "DELETE",
          "PATCH",
          "OPTIONS",
          "HEAD",
          "TRACE",
          "get",
          "post",
          "Get",
          "FOO",
          "PROPFIND",
          "MKCOL",
          "GETS",
          "G",
          "X".repeat(100));

  private void methods() {
    for (String m : METHODS) {
      for (String p :
          List.of(
              "/health",
              "/looks",
              "/looks/" + lookId,
              "/products/" + productId + "/similar",
              "/nowhere")) {
        add("method", m, p, null, Map.of("Content-Type", JSON), bytes(VALID_BODY), BodyMode.TEXT);
      }
    }
    // the right route with the wrong method, and with no body
    for (String m : List.of("POST", "PUT", "DELETE", "PATCH")) {
      add("method", m, "/health", null, Map.of(), new byte[0], BodyMode.TEXT);
      add("method", m, "/looks/" + lookId, "k=6", Map.of(), new byte[0], BodyMode.TEXT);
    }
    add("method", "GET", "/looks", null, Map.of(), new byte[0], BodyMode.TEXT);
  }

  /** Ids that must be refused (400) or not found (404), never passed on to a key or a file. */
  private static final List<String> BAD_IDS =
      List.of(
          "..",
          ".",
          "...",
          "../health",
          "..%2F..%2Fetc%2Fpasswd",
          "..%2f",
          "%2e%2e",
          "%2E%2E%2F%2E%2E",
          "..%5C..%5Cwindows",
          "....%2F%2F",
          "%252e%252e%252f",
          "..%c0%af",
          "%c0%ae%c0%ae",
          "%2F",
          "%2Fetc%2Fpasswd",
          "%5C",
          "a%2Fb",
          "abc%00def",
          "abcdefgh%00",
          "%00",
          "abcdefgh%0A",
          "abcdefgh%0D%0A",
          "abcdefgh%20",
          "%20abcdefgh",
          "abcdefgh%09",
          "abcd%20efgh",
          "a",
          "abcdefg",
          "a".repeat(65),
          "a".repeat(129),
          "a".repeat(10_000),
          "%E2%80%AEabcdefgh" /* RTL override */,
          "abcdefgh%E2%80%8F" /* RTL mark */,
          "%D7%90%D7%91%D7%92%D7%93%D7%94%D7%95%D7%96%D7%97",
          "%F0%9F%91%97%F0%9F%91%97%F0%9F%91%97%F0%9F%91%97" /* dresses */,
          "abcdefg%CC%81" /* combining acute */,
          "e%CC%81e%CC%81e%CC%81e%CC%81",
          "%EF%BD%81%EF%BD%82%EF%BD%83%EF%BD%84%EF%BD%85%EF%BD%86%EF%BD%87%EF%BD%88"
          /* fullwidth */ ,
          "abcd%E2%80%8Defgh" /* zero-width joiner */,
          "abcdefgh%EF%BB%BF" /* BOM */,
          "%FF%FE%FD%FC%FB%FA%F9%F8",
          "%ED%A0%80abcdefgh",
          "%C3%28abcdefgh",
          "%zzabcdefgh",
          "abcdefgh%",
          "abcdefgh%2",
          "%%%%%%%%",
          "%25%25%25%25",
          "abc+defgh",
          "abc%2Bdefgh",
          "abcdefgh;x",
          "abcdefgh.json",
          "abcdefgh~",
          "abc!defgh",
          "abc'defgh",
          "abc%22defgh",
          "%3Cscript%3E",
          "abc*defgh",
          "abc:defgh",
          "$(id)abcd",
          "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D",
          "NaN",
          "null",
          "undefined",
          "-1",
          "0",
          "00000000",
          "________",
          "--------",
          "1e999999",
          "abcdefgh?",
          "abcdefgh#x",
          "A".repeat(64),
          "-".repeat(64),
          "..abcdefgh",
          "abcdefgh..",
          "abc..def",
          "C:%5Cwindows",
          "%2e");

  private void ids() {
    for (String id : BAD_IDS) {
      lookGet("look-id", "/looks/" + id, null);
      add(
          "product-id",
          "GET",
          "/products/" + id + "/similar",
          null,
          Map.of(),
          new byte[0],
          BodyMode.TEXT);
    }
    // valid-looking ids that do not exist, and the real ones with odd neighbours
    for (String id :
        List.of(
            "abcdefgh",
            "00000000-0000-0000-0000-000000000000",
            "a".repeat(64),
            lookId.toUpperCase(Locale.ROOT),
            lookId + "x",
            lookId.substring(1))) {
      lookGet("look-id", "/looks/" + id, null);
    }
    for (String id :
        List.of(
            "0",
            "999999999",
            "1.0",
            productId + ".",
            "p:1",
            "a-b_c.d",
            "x".repeat(128),
            "-" + productId,
            productId.toUpperCase(Locale.ROOT))) {
      add(
          "product-id",
          "GET",
          "/products/" + id + "/similar",
          null,
          Map.of(),
          new byte[0],
          BodyMode.TEXT);
    }
    lookGet("look-id", "/looks/" + lookId + "/", null);
    add(
        "product-id",
        "GET",
        "/products/" + productId + "/similar/",
        null,
        Map.of(),
        new byte[0],
        BodyMode.TEXT);
  }

  private void bodySizes() {
    int[] sizes = {0, 1, 4095, 4096, 4097, 5_000, 65_536, 65_537, 1_000_000};
    for (int n : sizes) {
      byte[] padded = padded(n);
      post("body-size", JSON, padded);
      byte[] junk = new byte[n];
      random.nextBytes(junk);
      add("body-size", "POST", "/looks", null, Map.of("Content-Type", JSON), junk, BodyMode.BASE64);
      add(
          "body-size",
          "GET",
          "/looks/" + lookId,
          "k=6",
          Map.of("Content-Type", JSON),
          padded,
          BodyMode.TEXT);
      add(
          "body-size",
          "GET",
          "/health",
          null,
          Map.of("Content-Type", "text/plain"),
          padded,
          BodyMode.TEXT);
    }
    post("body-size", JSON, " ".repeat(5_000));
    post("body-size", JSON, "\n");
    post("body-size", JSON, " \t\r\n");
  }

  /** A valid body padded with spaces to {@code n} bytes (or cut, under its own length). */
  private static byte[] padded(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) ' ');
    byte[] v = bytes(VALID_BODY);
    System.arraycopy(v, 0, b, 0, Math.min(n, v.length));
    return b;
  }

  private void nesting() {
    for (int depth : new int[] {10_000, 2_000, 1_001, 1_000, 999, 200}) {
      post("nesting", JSON, "[".repeat(depth) + "]".repeat(depth));
      post("nesting", JSON, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
      post("nesting", JSON, "{\"contentType\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
      post("nesting", JSON, "[".repeat(depth)); // never closed
    }
  }

  private void encodings() {
    List<byte[]> bodies = new ArrayList<>();
    bodies.add(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD});
    bodies.add(new byte[] {(byte) 0xC0, (byte) 0x80});
    bodies.add(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(VALID_BODY)));
    bodies.add(VALID_BODY.getBytes(StandardCharsets.UTF_16));
    bodies.add(VALID_BODY.getBytes(StandardCharsets.UTF_16LE));
    bodies.add(VALID_BODY.getBytes(StandardCharsets.UTF_16BE));
    bodies.add(bytes("{\"contentType\":\"image/jpeg\u00ff\"}"));
    bodies.add(
        concat(bytes("{\"contentType\":\"image/"), new byte[] {(byte) 0xFF}, bytes("jpeg\"}")));
    bodies.add(
        concat(
            bytes("{\"contentType\":\""),
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            bytes("\"}")));
    bodies.add(new byte[] {0});
    bodies.add(concat(bytes(VALID_BODY), new byte[] {0}));
    bodies.add(bytes("{\"contentType\":\"\u202eimage/jpeg\"}"));
    bodies.add(bytes("{\"contentType\":\"image/jpe\u0301g\"}"));
    bodies.add(bytes("{\"contentType\":\"\uD83D\uDC57\"}"));
    bodies.add(bytes("{\"c\u006fntentType\":\"image/jpeg\"}")); // the same, escaped in source
    bodies.add(bytes("{\"\\u0063ontentType\":\"image/jpeg\"}")); // escaped in JSON: valid
    for (byte[] b : bodies) {
      add("encoding", "POST", "/looks", null, Map.of("Content-Type", JSON), b, BodyMode.TEXT);
      add("encoding", "POST", "/looks", null, Map.of("Content-Type", JSON), b, BodyMode.BASE64);
      add(
          "encoding",
          "POST",
          "/looks",
          null,
          Map.of("Content-Type", "application/json; charset=utf-16"),
          b,
          BodyMode.BASE64);
    }
  }

  private void contentTypes() {
    List<String> types =
        List.of(
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=x",
            "application/xml",
            "image/jpeg",
            "application/octet-stream",
            "application/json-patch+json",
            "application/ld+json",
            "APPLICATION/JSON",
            "Application/Json; charset=UTF-8",
            "application/json;",
            "application/json; charset=latin1",
            "application/json ; x=y",
            " application/json",
            "application/jsonx",
            "application/json\u0000",
            "json",
            "",
            " ",
            ";",
            "*/*",
            "application/*",
            "text/json",
            "application/" + "x".repeat(2_000),
            "application/json, text/plain");
    for (String t : types) {
      add(
          "content-type",
          "POST",
          "/looks",
          null,
          Map.of("Content-Type", t),
          bytes(VALID_BODY),
          BodyMode.TEXT);
      add(
          "content-type",
          "POST",
          "/looks",
          null,
          Map.of("Content-Type", t),
          new byte[0],
          BodyMode.TEXT);
    }
    add("content-type", "POST", "/looks", null, Map.of(), bytes(VALID_BODY), BodyMode.BASE64);
    add(
        "content-type",
        "POST",
        "/looks",
        null,
        Map.of("content-type", JSON, "Content-Encoding", "gzip"),
        bytes(VALID_BODY),
        BodyMode.BASE64);
  }

  private void base64() {
    List<String> texts =
        List.of(
            "%%%",
            "not base64!",
            "====",
            "a",
            "ab=",
            "e30",
            "e30===",
            "e3\n0=",
            "eyJjb250ZW50VHlwZSI6ImltYWdlL2pwZWcifQ",
            "eyJjb250ZW50VHlwZSI6ImltYWdlL2pwZWcifQ==",
            "-_-_",
            "e30=\u0000",
            "\u00e9\u00e9\u00e9\u00e9",
            " ",
            "");
    for (String t : texts) {
      add(
          "base64",
          "POST",
          "/looks",
          null,
          Map.of("Content-Type", JSON),
          t.getBytes(StandardCharsets.ISO_8859_1),
          BodyMode.CLAIMS_BASE64);
      add(
          "base64",
          "GET",
          "/looks/" + lookId,
          "k=6",
          Map.of("Content-Type", JSON),
          t.getBytes(StandardCharsets.ISO_8859_1),
          BodyMode.CLAIMS_BASE64);
    }
  }

  private void headers() {
    List<Map<String, String>> sets =
        List.of(
            Map.of("Content-Type", JSON, "Accept", "text/html"),
            Map.of("Content-Type", JSON, "Accept", "application/xml"),
            Map.of("Content-Type", JSON, "Accept-Encoding", "gzip, br"),
            Map.of("Content-Type", JSON, "X-Forwarded-For", "' OR 1=1 --"),
            Map.of("Content-Type", JSON, "Origin", "http://evil.example"),
            Map.of("Content-Type", JSON, "Cookie", "a=b; c=" + "d".repeat(4000)),
            Map.of("Content-Type", JSON, "X-Long", "v".repeat(7000)),
            Map.of("Content-Type", JSON, "Range", "bytes=0-1"),
            Map.of("Content-Type", JSON, "If-None-Match", "*"),
            Map.of("Content-Type", JSON, "Authorization", "Bearer x"),
            Map.of("Content-Type", JSON, "X-HTTP-Method-Override", "DELETE"),
            Map.of("Content-Type", JSON, "X-Unicode", "\u00e9t\u00e9"));
    for (Map<String, String> h : sets) {
      add("header", "POST", "/looks", null, h, bytes(VALID_BODY), BodyMode.TEXT);
      add("header", "GET", "/looks/" + lookId, "k=3", h, new byte[0], BodyMode.TEXT);
    }
  }

  /** Raw (not percent-encoded) non-ASCII and reserved characters, as a sloppy client sends. */
  private void rawBytes() {
    for (String id :
        List.of(
            "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
            "\u202eabcdefgh",
            "\uD83D\uDC57\uD83D\uDC57\uD83D\uDC57\uD83D\uDC57",
            "e\u0301e\u0301e\u0301e\u0301",
            "\u05d0\u05d1\u05d2\u05d3\u05d4\u05d5\u05d6\u05d7",
            "abcd\u200defgh",
            "\uFF41\uFF42\uFF43\uFF44\uFF45\uFF46\uFF47\uFF48")) {
      add("raw-bytes", "GET", "/looks/" + id, null, Map.of(), new byte[0], BodyMode.TEXT);
      add(
          "raw-bytes",
          "GET",
          "/products/" + id + "/similar",
          null,
          Map.of(),
          new byte[0],
          BodyMode.TEXT);
      add(
          "raw-bytes",
          "GET",
          "/looks/" + lookId,
          "brand=" + id,
          Map.of(),
          new byte[0],
          BodyMode.TEXT);
    }
  }

  // ------------------------------------------------------------------------------- random

  /** Seeded mutations of valid requests until {@code n} more distinct ones are found. */
  private void randomCombinations(int n) {
    int goal = out.size() + Math.max(n, 200);
    List<String> queryParts = new ArrayList<>();
    K_VALUES.forEach(v -> queryParts.add("k=" + v));
    queryParts.addAll(
        List.of(
            "k=3",
            "k=6",
            "minPrice=10",
            "maxPrice=50",
            "minPrice=-1",
            "brand=Halden",
            "brand=",
            "x=1",
            "maxprice=1",
            "%zz",
            "brand=%F0%9F%91%97"));
    for (int tries = 0; out.size() < goal && tries < 100 * goal; tries++) {
      switch (random.nextInt(4)) {
        case 0 -> { // a mutated valid body
          byte[] b = bytes(VALID_BODY);
          int edits = 1 + random.nextInt(3);
          for (int i = 0; i < edits; i++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
          }
          add(
              "random",
              "POST",
              "/looks",
              null,
              Map.of("Content-Type", JSON),
              b,
              random.nextBoolean() ? BodyMode.TEXT : BodyMode.BASE64);
        }
        case 1 -> { // a random query on a search route
          StringBuilder q = new StringBuilder();
          int parts = 1 + random.nextInt(4);
          for (int i = 0; i < parts; i++) {
            q.append(i == 0 ? "" : "&").append(queryParts.get(random.nextInt(queryParts.size())));
          }
          if (random.nextBoolean()) {
            lookGet("random", q.toString());
          } else {
            similarGet("random", q.toString());
          }
        }
        case 2 -> { // an id with random characters inserted
          String base = random.nextBoolean() ? lookId : productId;
          StringBuilder id = new StringBuilder(base);
          id.insert(random.nextInt(id.length() + 1), randomPathChar());
          String path = base.equals(lookId) ? "/looks/" + id : "/products/" + id + "/similar";
          add("random", "GET", path, null, Map.of(), new byte[0], BodyMode.TEXT);
        }
        default -> { // a random method on a random path of the list
          String m = METHODS.get(random.nextInt(METHODS.size()));
          String p = UNKNOWN_PATHS.get(random.nextInt(UNKNOWN_PATHS.size()));
          String id = BAD_IDS.get(random.nextInt(BAD_IDS.size()));
          String path = random.nextBoolean() ? p : "/looks/" + id;
          add(
              "random",
              m,
              path,
              random.nextBoolean() ? null : "k=" + random.nextInt(-5, 200),
              Map.of(),
              new byte[0],
              BodyMode.TEXT);
        }
      }
    }
  }

  /** A percent-escape, an unreserved character or a sub-delimiter that is legal in a path. */
  private String randomPathChar() {
    String[] choices = {
      "%00",
      "%2F",
      "%2E",
      "%20",
      "%25",
      "%FF",
      "%C3%A9",
      "%E2%80%AE",
      ".",
      "..",
      "~",
      "!",
      "$",
      "&",
      "'",
      "(",
      ")",
      "*",
      "+",
      ",",
      ";",
      "=",
      ":",
      "@",
      "_",
      "-"
    };
    return random.nextInt(3) == 0
        ? String.format(Locale.ROOT, "%%%02X", random.nextInt(256))
        : choices[random.nextInt(choices.length)];
  }

  // ------------------------------------------------------------------------------ helpers

  private void lookGet(String category, String query) {
    add(category, "GET", "/looks/" + lookId, query, Map.of(), new byte[0], BodyMode.TEXT);
  }

  private void lookGet(String category, String path, String query) {
    add(category, "GET", path, query, Map.of(), new byte[0], BodyMode.TEXT);
  }

  private void similarGet(String category, String query) {
    add(
        category,
        "GET",
        "/products/" + productId + "/similar",
        query,
        Map.of(),
        new byte[0],
        BodyMode.TEXT);
  }

  private void post(String category, String contentType, String body) {
    post(category, contentType, bytes(body));
  }

  private void post(String category, String contentType, byte[] body) {
    add(category, "POST", "/looks", null, Map.of("Content-Type", contentType), body, BodyMode.TEXT);
  }

  private void add(
      String category,
      String method,
      String path,
      String query,
      Map<String, String> headers,
      byte[] body,
      BodyMode mode) {
    FuzzRequest r =
        new FuzzRequest(category, method, path, query, new LinkedHashMap<>(headers), body, mode);
    out.putIfAbsent(r.key(), r);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  /** The distinct categories, for a check that none is empty. */
  public static Set<String> categories() {
    return new LinkedHashSet<>(
        List.of(
            "bad-json",
            "wrong-type",
            "k",
            "price",
            "brand",
            "query",
            "route",
            "method",
            "look-id",
            "product-id",
            "body-size",
            "nesting",
            "encoding",
            "content-type",
            "base64",
            "header",
            "raw-bytes",
            "random"));
  }
}
