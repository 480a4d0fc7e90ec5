package com.buythatlook.cli.serve;

import com.buythatlook.core.text.Printable;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web page's files (the classpath's {@code web/}, {@code /} being {@code index.html}) and the
 * demo photos ({@code GET /demo/photos} lists them, {@code /demo/photos/{id}.jpg} is one).
 */
final class WebPage {
  /** One answer of the page. */
  record Answer(int status, String contentType, byte[] body, String cacheControl, String allow) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A resource path of the web page: no empty segments, none starting with a dot. */
  private static final Pattern STATIC_PATH =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

  private static final Pattern DEMO_PHOTO = Pattern.compile("/demo/photos/([0-9]{1,18})\\.jpg");

  /** The page's files read so far: the jar does not change while the server runs. */
  private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();

  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "json", "application/json",
          "svg", "image/svg+xml",
          "png", "image/png",
          "jpg", "image/jpeg",
          "ico", "image/x-icon",
          "txt", "text/plain; charset=utf-8");

  private final DemoPhotos photos;

  WebPage(DemoPhotos photos) {
    this.photos = photos;
  }

  /** The answer for a request of the page or the demo photos; empty for anything else. */
  Optional<Answer> answer(String method, String path) throws IOException {
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (path.equals("/demo/photos") || path.startsWith("/demo/photos/")) {
      return Optional.of(
          read
              ? demoPhotos(path)
              : new Answer(
                  405,
                  "application/json",
                  Exchange.errorBody(
                      "method_not_allowed", method + " is not allowed here; use GET"),
                  "no-store",
                  "GET"));
    }
    if (!read) {
      return Optional.empty();
    }
    String name = path.equals("/") ? "index.html" : path.substring(1);
    // the folder's README.md is for people reading the sources, not for browsers
    if (!STATIC_PATH.matcher(name).matches() || name.equals("README.md")) {
      return Optional.empty();
    }
    byte[] file;
    try {
      file = FILES.computeIfAbsent(name, WebPage::read); // misses are not remembered
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return Optional.ofNullable(file)
        .map(f -> new Answer(200, contentType(name), f, "no-cache", null));
  }

  private Answer demoPhotos(String path) throws IOException {
    if (path.equals("/demo/photos") || path.equals("/demo/photos/")) {
      List<Map<String, String>> list = new ArrayList<>();
      for (String id : photos.ids()) {
        list.add(Map.of("id", id, "url", "/demo/photos/" + id + ".jpg"));
      }
      return new Answer(
          200,
          "application/json",
          JSON.writeValueAsBytes(Map.of("photos", list)),
          "no-store",
          null);
    }
    var m = DEMO_PHOTO.matcher(path);
    Optional<Path> file = m.matches() ? photos.file(m.group(1)) : Optional.empty();
    if (file.isEmpty()) {
      return new Answer(
          404,
          "application/json",
          Exchange.errorBody(
              "not_found",
              "there is no demo photo "
                  + Printable.cut(path, 80)
                  + "; GET /demo/photos lists them"),
          "no-store",
          null);
    }
    return new Answer(200, "image/jpeg", Files.readAllBytes(file.get()), "max-age=3600", null);
  }

  /** The bytes of {@code web/name} on the classpath, or null when there is no such file. */
  private static byte[] read(String name) {
    try (InputStream in = WebPage.class.getClassLoader().getResourceAsStream("web/" + name)) {
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
}
