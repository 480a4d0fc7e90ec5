package com.buythatlook.cli.serve;

import static com.buythatlook.cli.serve.HttpFront.MAX_BODY_BYTES;

import com.buythatlook.core.text.Printable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * One request to {@link HttpFront} and its answer, written once, whole: reading the body under the
 * size and time limits, and the JSON error body every refusal carries.
 */
final class Exchange {
  /** How much of an oversized body is read to let the client see the 413. */
  private static final long DRAIN_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  final Request request;
  final Response response;
  final Callback callback;
  boolean answered;
  boolean bodyRead;

  Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  void error(int status, String code, String message) {
    send(status, "application/json", errorBody(code, message), "no-store");
  }

  void send(int status, String contentType, byte[] body, String cacheControl) {
    answered = true;
    response.setStatus(status);
    HttpFields.Mutable h = response.getHeaders();
    if (contentType != null) {
      h.put(HttpHeader.CONTENT_TYPE, contentType);
    }
    if (cacheControl != null) {
      h.put(HttpHeader.CACHE_CONTROL, cacheControl);
    }
    h.put("X-Content-Type-Options", "nosniff");
    if (!bodyRead
        && (request.getLength() > 0
            || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
      // answered without reading the body (a 405, 421, 431, a file): Jetty closes the
      // connection unless all of it has arrived, so the client is told not to reuse it
      h.put(HttpHeader.CONNECTION, "close");
    }
    if (status >= 200 && status != 204 && status != 304) {
      h.put(HttpHeader.CONTENT_LENGTH, body.length);
    }
    boolean head = "HEAD".equalsIgnoreCase(request.getMethod());
    response.write(true, head || body.length == 0 ? null : ByteBuffer.wrap(body), callback);
  }

  /**
   * The body, read within the body timeout; or null once a 408, 413 or 400 is answered. An
   * oversized body is read and thrown away up to {@value #DRAIN_BYTES} bytes, so that the client,
   * still sending, gets to read the 413; beyond that the connection is closed on it.
   */
  byte[] readBody(Duration bodyTimeout) {
    bodyRead = true;
    long deadline = System.nanoTime() + bodyTimeout.toNanos();
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long total = 0;
    Throwable failure = null;
    boolean timedOut = false;
    while (total <= MAX_BODY_BYTES + DRAIN_BYTES) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        request.demand(
            Invocable.from(Invocable.InvocationType.NON_BLOCKING, () -> ready.complete(null)));
        try {
          ready.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          continue;
        } catch (TimeoutException e) {
          timedOut = true;
        } catch (ExecutionException e) {
          failure = e.getCause();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = e;
        }
        break;
      }
      if (Content.Chunk.isFailure(chunk)) {
        failure = chunk.getFailure();
        break;
      }
      ByteBuffer b = chunk.getByteBuffer();
      int n = b.remaining();
      if (total <= MAX_BODY_BYTES) {
        byte[] part = new byte[(int) Math.min(n, MAX_BODY_BYTES + 1 - total)];
        b.get(part);
        kept.writeBytes(part);
      }
      total += n;
      boolean last = chunk.isLast();
      chunk.release();
      if (last) {
        break;
      }
      timedOut = System.nanoTime() - deadline > 0;
      if (timedOut) {
        break;
      }
    }
    if (total <= MAX_BODY_BYTES && failure == null && !timedOut) {
      return kept.toByteArray();
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the rest is not read
    if (total > MAX_BODY_BYTES) {
      error(
          413,
          "body_too_large",
          "request bodies are limited to "
              + MAX_BODY_BYTES
              + " bytes; photos are uploaded to the presigned form POST /looks returns");
    } else if (timedOut) {
      error(
          408,
          "request_timeout",
          "the request body did not arrive within "
              + bodyTimeout.toMillis()
              + " ms; send it whole, with a Content-Length that matches it");
    } else {
      // a body Jetty cannot decode (a bad chunk size, say), or a client that went away
      error(
          400,
          "invalid_body",
          "the request body could not be read: "
              + Printable.cut(String.valueOf(failure.getMessage()), 80));
    }
    return null;
  }

  static byte[] errorBody(String code, String message) {
    try {
      return JSON.writeValueAsBytes(Map.of("error", Map.of("code", code, "message", message)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
