package com.buythatlook.cli.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * Gets the bytes behind one photo URI (http, https or file), once: retrying is the caller's job.
 * Every way a fetch can go wrong comes out as a {@link FetchFailure} whose reason the report shows
 * and whose retryable flag says whether another attempt may help.
 */
final class Downloader {
  /** Far above any street2shop photo; stops a wrong URL from streaming gigabytes into memory. */
  static final long MAX_BYTES = 64L << 20;

  static final String USER_AGENT = "btl-fetch/0.1 (Buy That Look data set downloader)";

  /** What a URI gave: the body, and the Content-Type the server claimed (null for files). */
  record Body(byte[] bytes, String contentType) {}

  private final HttpClient client;
  private final Duration timeout;
  private final long maxBytes;

  Downloader(Duration timeout) {
    this(newClient(timeout), timeout, MAX_BYTES);
  }

  Downloader(HttpClient client, Duration timeout, long maxBytes) {
    this.client = client;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  static HttpClient newClient(Duration timeout) {
    return HttpClient.newBuilder()
        // NORMAL follows redirects except https to http; those are reported, not followed.
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(timeout)
        // Plain HTTP/1.1: with HTTP_2 the client sends h2c upgrade headers on http:// requests,
        // which some of the old image hosts in photos.txt answer badly.
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  Body get(String uriText) throws FetchFailure, InterruptedException {
    URI uri = parse(uriText);
    return "file".equalsIgnoreCase(uri.getScheme()) ? file(uri) : http(uri);
  }

  /**
   * Parses a photos.txt URI. Old scraped URLs often carry spaces or non-ASCII characters that
   * {@link URI} rejects; those are percent-encoded rather than failing the photo.
   */
  static URI parse(String text) throws FetchFailure {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      try {
        uri = new URI(escapeIllegal(text));
      } catch (URISyntaxException again) {
        throw FetchFailure.permanent("bad URI: " + e.getMessage());
      }
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "http", "https" -> {
        if (uri.getHost() == null) {
          throw FetchFailure.permanent("bad URI: no host in '" + text + "'");
        }
      }
      case "file" -> {}
      default ->
          throw FetchFailure.permanent(
              "unsupported URI scheme '" + scheme + "' (expected http, https or file)");
    }
    return uri;
  }

  private static String escapeIllegal(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            cp -> {
              if (cp <= 0x20 || cp >= 0x7f || "\"<>\\^`{|}".indexOf(cp) >= 0) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                  out.append('%').append(String.format("%02X", b & 0xff));
                }
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  private Body http(URI uri) throws FetchFailure, InterruptedException {
    HttpRequest request;
    try {
      request =
          // No HttpRequest.timeout(): on JDK 17 its timer survives a redirect and later aborts
          // whatever request reuses the connection (JDK-8304701). The deadline below covers it.
          HttpRequest.newBuilder(uri)
              .header("User-Agent", USER_AGENT)
              .header("Accept", "image/*, */*;q=0.5")
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      throw FetchFailure.permanent("bad URI: " + e.getMessage());
    }
    AtomicReference<BoundedBody> body = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(request, info -> bodyFor(info, body));
    HttpResponse<byte[]> response;
    try {
      // One deadline for connecting, the headers and the whole body, so that a body that
      // trickles in, or stalls, after the headers cannot hold a worker forever.
      response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true); // aborts the exchange and frees the connection (JDK 16+)
      throw FetchFailure.retryable("timed out after " + Durations.human(timeout));
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw classify(e.getCause(), uri, body.get());
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return new Body(response.body(), response.headers().firstValue("Content-Type").orElse(null));
    }
    throw statusFailure(response);
  }

  private HttpResponse.BodySubscriber<byte[]> bodyFor(
      HttpResponse.ResponseInfo info, AtomicReference<BoundedBody> started) {
    if (info.statusCode() / 100 != 2) {
      started.set(BoundedBody.discard());
      return started.get();
    }
    long declared;
    try {
      declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    } catch (NumberFormatException e) {
      declared = -1; // a garbled header; the body's own structure is still checked later
    }
    started.set(new BoundedBody(declared, maxBytes));
    return started.get();
  }

  private static FetchFailure statusFailure(HttpResponse<?> response) {
    int status = response.statusCode();
    String reason = "HTTP " + status;
    if (status / 100 == 3) {
      // Only reached for redirects the client refused to follow (https to http) or without a
      // Location header.
      String location = response.headers().firstValue("Location").orElse(null);
      return FetchFailure.permanent(
          location == null
              ? reason + " redirect without a Location"
              : reason + " redirect to " + location + " not followed (https to http)");
    }
    if (status == 429 || status == 503) {
      Duration after = retryAfter(response);
      if (after != null) {
        return FetchFailure.retryableAfter(reason, after);
      }
    }
    if (status / 100 == 5 || status == 429 || status == 408) {
      return FetchFailure.retryable(reason);
    }
    return FetchFailure.permanent(reason);
  }

  /** Retry-After in seconds; the HTTP-date form is rare for images and falls back to backoff. */
  private static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.strip().matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v.strip())))
        .orElse(null);
  }

  /**
   * @param body the body subscriber, when the response headers had arrived; null before that
   */
  private FetchFailure classify(Throwable error, URI uri, BoundedBody body) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof FetchFailure f) {
        return f; // raised by BoundedBody: truncated or too large
      }
    }
    if (body != null && body.collecting() && has(error, IOException.class)) {
      return body.cutShort(error);
    }
    if (has(error, HttpConnectTimeoutException.class)) {
      return FetchFailure.retryable("connect timed out after " + Durations.human(timeout));
    }
    if (has(error, UnresolvedAddressException.class) || has(error, UnknownHostException.class)) {
      // Dead domains are the commonest failure in photos.txt; retrying them only wastes time.
      return FetchFailure.permanent("unknown host: " + uri.getHost());
    }
    if (has(error, SSLException.class)) {
      return FetchFailure.permanent("TLS error: " + messageOf(error));
    }
    if (has(error, ConnectException.class)) {
      return FetchFailure.retryable("cannot connect: " + messageOf(error));
    }
    if (error instanceof IOException) {
      return FetchFailure.retryable("network error: " + messageOf(error));
    }
    return FetchFailure.permanent("unexpected error: " + error);
  }

  private Body file(URI uri) throws FetchFailure {
    Path path;
    try {
      path = Path.of(uri);
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw FetchFailure.permanent("bad file URI: " + e.getMessage());
    }
    try {
      long size = Files.size(path);
      if (size > maxBytes) {
        throw FetchFailure.permanent(
            "too large: " + size + " bytes; the limit is " + maxBytes / (1 << 20) + " MB");
      }
      return new Body(Files.readAllBytes(path), null);
    } catch (NoSuchFileException e) {
      throw FetchFailure.permanent("no such file: " + path);
    } catch (AccessDeniedException e) {
      throw FetchFailure.permanent("cannot read " + path + ": permission denied");
    } catch (IOException e) {
      throw FetchFailure.permanent("cannot read " + path + ": " + messageOf(e));
    }
  }

  private static boolean has(Throwable error, Class<? extends Throwable> type) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String messageOf(Throwable error) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        return c.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }
}
