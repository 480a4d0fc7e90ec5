package com.buythatlook.core.storage;

import com.buythatlook.core.image.ImageFormat;
import java.time.Duration;

/**
 * Time-limited URLs that let a browser read or upload one object without credentials of its own.
 * Keys must come from {@link com.buythatlook.core.look.LookKeys} or the catalog, never from raw
 * client strings.
 */
public interface UrlSigner {
  /**
   * The longest lifetime a URL may have. Short on purpose: a leaked URL is only good for minutes,
   * and on Lambda a URL dies with the role's session credentials anyway.
   */
  Duration MAX_TTL = Duration.ofMinutes(15);

  /**
   * A URL that GETs the object for {@code ttl}.
   *
   * @throws IllegalArgumentException when {@code ttl} is not positive or exceeds {@link #MAX_TTL}
   */
  String presignGet(String key, Duration ttl);

  /**
   * A browser form upload (S3 POST policy) of exactly one object at {@code key}, of the given
   * content type and at most {@code maxBytes} long.
   *
   * @throws IllegalArgumentException when {@code ttl} is not positive or exceeds {@link #MAX_TTL},
   *     or {@code maxBytes < 1}
   */
  PresignedUpload presignPost(String key, ImageFormat type, long maxBytes, Duration ttl);

  /** Refuses lifetimes outside {@code (0, MAX_TTL]}; shared by the implementations. */
  static Duration checkTtl(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "a presigned URL lives more than 0 and at most "
              + MAX_TTL.toSeconds()
              + " seconds; got "
              + (ttl == null ? "none" : ttl.toSeconds() + " seconds"));
    }
    return ttl;
  }
}
