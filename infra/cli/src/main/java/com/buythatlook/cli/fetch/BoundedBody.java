package com.buythatlook.cli.fetch;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects a response body in memory, up to a limit, and counts what arrived so that a body cut
 * short reads "truncated: got X of Y bytes" rather than the HTTP client's "EOF reached". The limit
 * keeps a misconfigured server from filling the heap of a run with many workers.
 */
final class BoundedBody implements BodySubscriber<byte[]> {
  private static final byte[] EMPTY = new byte[0];

  /**
   * How the JDK's HTTP/1.1 client words a fixed-length body cut short when the connection drops
   * before this subscriber has seen the bytes; its counts are then the accurate ones.
   */
  private static final Pattern JDK_FIXED_LENGTH =
      Pattern.compile("fixed content-length: (\\d+), bytes received: (\\d+)");

  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final long declaredLength;
  private final long limit;
  private final boolean discard;
  private final ByteArrayOutputStream bytes;
  private Flow.Subscription subscription;
  // Read by the requesting thread after the exchange failed.
  private volatile long received;

  /**
   * @param declaredLength the Content-Length, or -1 when the server did not send one
   * @param limit the most bytes accepted
   */
  BoundedBody(long declaredLength, long limit) {
    this(declaredLength, limit, false);
  }

  private BoundedBody(long declaredLength, long limit, boolean discard) {
    this.declaredLength = declaredLength;
    this.limit = limit;
    this.discard = discard;
    // Sized from Content-Length, but not trusting it beyond 1 MB: the header may lie.
    int initial = declaredLength > 0 ? (int) Math.min(declaredLength, 1 << 20) : 64 * 1024;
    this.bytes = new ByteArrayOutputStream(discard ? 0 : initial);
  }

  /**
   * For error responses: the status says all we need, so the body is not read; cancelling closes
   * the connection instead of draining a possibly large or slow error page.
   */
  static BoundedBody discard() {
    return new BoundedBody(-1, 0, true);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (discard) {
      s.cancel();
      result.complete(EMPTY);
    } else if (declaredLength > limit) {
      s.cancel();
      result.completeExceptionally(tooLarge());
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : buffers) {
      received += b.remaining();
      if (received > limit) {
        subscription.cancel();
        result.completeExceptionally(tooLarge());
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable error) {
    if (declaredLength >= 0 && received < declaredLength) {
      result.completeExceptionally(truncated());
    } else {
      result.completeExceptionally(error);
    }
  }

  @Override
  public void onComplete() {
    if (declaredLength >= 0 && received < declaredLength) {
      result.completeExceptionally(truncated());
    } else {
      result.complete(discard ? EMPTY : bytes.toByteArray());
    }
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  /** Whether this collects a 2xx body (not an error response's). */
  boolean collecting() {
    return !discard;
  }

  /**
   * Names the failure of a body that had started to arrive: the connection dropped before the end.
   * The JDK client sometimes reports that without passing the error through {@link #onError}, so
   * the exchange's error is looked at too.
   */
  FetchFailure cutShort(Throwable error) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      Matcher m = c.getMessage() == null ? null : JDK_FIXED_LENGTH.matcher(c.getMessage());
      if (m != null && m.find()) {
        return FetchFailure.retryable(
            "truncated: got " + m.group(2) + " of " + m.group(1) + " bytes");
      }
    }
    if (declaredLength >= 0) {
      return truncated();
    }
    return FetchFailure.retryable("truncated: connection closed after " + received + " bytes");
  }

  private FetchFailure truncated() {
    return FetchFailure.retryable(
        "truncated: got " + received + " of " + declaredLength + " bytes");
  }

  private FetchFailure tooLarge() {
    String size =
        declaredLength > limit ? declaredLength + " bytes" : "more than " + limit + " bytes";
    return FetchFailure.permanent(
        "too large: " + size + "; the limit is " + limit / (1 << 20) + " MB");
  }
}
