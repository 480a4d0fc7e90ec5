package com.buythatlook.functions.query;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web page, served by the query function from the API's own origin: {@code GET /} (its {@code
 * index.html}), {@code GET /app.js} and {@code GET /style.css}, the files {@code btl serve} serves,
 * packaged into the zip from the classpath's {@code web/}. The page calls the API with relative
 * paths, so it needs no API CORS; the bucket's CORS allows this origin for the presigned upload
 * (template.yaml derives it from the API's id).
 */
final class WebPage {
  private static final Map<String, String> FILES =
      Map.of(
          "/", "index.html",
          "/app.js", "app.js",
          "/style.css", "style.css");
  private static final Map<String, String> TYPES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "style.css", "text/css; charset=utf-8");

  private final Map<String, String> bodies = new LinkedHashMap<>();

  /** Reads the three files once; a zip without them is a build mistake, reported at start-up. */
  WebPage() {
    for (String name : FILES.values()) {
      try (InputStream in = WebPage.class.getClassLoader().getResourceAsStream("web/" + name)) {
        if (in == null) {
          throw new IllegalStateException("the deployment package lacks web/" + name);
        }
        bodies.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("reading web/" + name, e);
      }
    }
  }

  /** The page's file for {@code GET path}, or empty when the path is not one of them. */
  Optional<APIGatewayV2HTTPResponse> answer(String method, String path) {
    String name = FILES.get(path);
    if (name == null || !(method.equals("GET") || method.equals("HEAD"))) {
      return Optional.empty();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", TYPES.get(name));
    // the page changes with a deployment; a browser revalidates rather than keep an old one
    headers.put("Cache-Control", "no-cache");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    return Optional.of(
        APIGatewayV2HTTPResponse.builder()
            .withStatusCode(200)
            .withHeaders(headers)
            .withBody(method.equals("HEAD") ? "" : bodies.get(name))
            .withIsBase64Encoded(false)
            .build());
  }
}
