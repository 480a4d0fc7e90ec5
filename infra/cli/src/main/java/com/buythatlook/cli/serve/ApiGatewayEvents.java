package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.buythatlook.core.api.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The event API Gateway (HTTP API, payload format 2.0) sends a function for one HTTP request: raw
 * path and query, lower-cased headers with repeats joined by commas, cookies in their own list, the
 * body as text or base64 ({@code isBase64Encoded}), the request context, and the route key and path
 * parameters of the route template.yaml declares for it ({@code $default} when none matches).
 */
final class ApiGatewayEvents {
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The API routes of template.yaml, as API Gateway names them in {@code routeKey}. */
  private static final List<String> ROUTES =
      List.of("POST /looks", "GET /looks/{id}", "GET /products/{id}/similar", "GET /health");

  private ApiGatewayEvents() {}

  /** The event API Gateway (HTTP API, payload format 2.0) sends for this request. */
  static APIGatewayV2HTTPEvent request(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> requestHeaders,
      byte[] body,
      String sourceIp,
      Instant now) {
    Map<String, String> headers = new TreeMap<>();
    List<String> cookies = new ArrayList<>();
    requestHeaders.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (lower.equals("cookie")) {
            // v2 moves cookies out of the headers into their own list
            for (String v : values) {
              for (String c : v.split(";")) {
                if (!c.isBlank()) {
                  cookies.add(c.strip());
                }
              }
            }
          } else {
            // repeated headers are joined with commas, as API Gateway does
            headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
          }
        });
    Route route = route(method, rawPath);
    String query = rawQuery == null ? "" : rawQuery;
    boolean text = isText(headers.get("content-type"), headers.get("content-encoding"));
    String requestId = UUID.randomUUID().toString();
    APIGatewayV2HTTPEvent.RequestContext.Http http =
        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(method)
            .withPath(rawPath)
            .withProtocol("HTTP/1.1")
            .withSourceIp(sourceIp)
            .withUserAgent(headers.get("user-agent"))
            .build();
    APIGatewayV2HTTPEvent.RequestContext context =
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withAccountId("000000000000")
            .withApiId("local")
            .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
            .withDomainPrefix("local")
            .withHttp(http)
            .withRequestId(requestId)
            .withRouteKey(route.key())
            .withStage("$default")
            .withTime(REQUEST_TIME.format(now))
            .withTimeEpoch(now.toEpochMilli())
            .build();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(route.key())
        .withRawPath(rawPath)
        .withRawQueryString(query)
        .withCookies(cookies.isEmpty() ? null : cookies)
        .withHeaders(headers)
        .withQueryStringParameters(queryParameters(query))
        .withPathParameters(route.parameters().isEmpty() ? null : route.parameters())
        .withRequestContext(context)
        .withBody(
            body.length == 0
                ? null
                : text
                    ? new String(body, StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(body.length > 0 && !text)
        .build();
  }

  /** The matched route and its decoded path parameters, or {@code $default}. */
  record Route(String key, Map<String, String> parameters) {}

  static Route route(String method, String rawPath) {
    String[] path = rawPath.split("/", -1);
    for (String r : ROUTES) {
      int space = r.indexOf(' ');
      if (!r.substring(0, space).equals(method)) {
        continue;
      }
      String[] template = r.substring(space + 1).split("/", -1);
      if (template.length != path.length) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      boolean match = true;
      for (int i = 0; i < template.length && match; i++) {
        String t = template[i];
        if (t.startsWith("{") && t.endsWith("}")) {
          match = !path[i].isEmpty();
          params.put(t.substring(1, t.length() - 1), ApiRequest.decode(path[i], false));
        } else {
          match = t.equals(path[i]);
        }
      }
      if (match) {
        return new Route(r, params);
      }
    }
    return new Route("$default", Map.of());
  }

  /** API Gateway's {@code queryStringParameters}: decoded, repeated names joined by commas. */
  private static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    ApiRequest.parseQuery(rawQuery).forEach((k, v) -> out.put(k, String.join(",", v)));
    return out.isEmpty() ? null : out;
  }

  /** API Gateway passes text bodies as they are and base64-encodes everything else. */
  private static boolean isText(String contentType, String contentEncoding) {
    if (contentEncoding != null
        && !contentEncoding.isBlank()
        && !contentEncoding.strip().equalsIgnoreCase("identity")) {
      return false;
    }
    if (contentType == null) {
      return false;
    }
    String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return t.startsWith("text/")
        || t.equals("application/json")
        || t.endsWith("+json")
        || t.equals("application/xml")
        || t.endsWith("+xml")
        || t.equals("application/javascript")
        || t.equals("application/x-www-form-urlencoded");
  }
}
