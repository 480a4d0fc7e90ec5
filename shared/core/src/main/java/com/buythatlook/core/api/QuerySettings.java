package com.buythatlook.core.api;

import com.buythatlook.core.config.Env;
import com.buythatlook.core.storage.UrlSigner;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The query side's tunables, read from the environment (Lambda) or the local runtime's settings.
 *
 * @param maxUploadBytes the largest photo an upload policy accepts ({@code MAX_UPLOAD_BYTES})
 * @param uploadUrlTtl how long an upload form stays valid ({@code UPLOAD_URL_SECONDS})
 * @param imageUrlTtl how long photo, crop and product image URLs in responses stay valid ({@code
 *     IMAGE_URL_SECONDS})
 * @param lookTtl after this a look may be deleted by the table's TTL ({@code LOOK_TTL_DAYS})
 * @param indexRefresh how often {@code index/CURRENT} is re-read ({@code INDEX_REFRESH_SECONDS})
 * @param indexCacheBytes parsed shards kept in memory ({@code INDEX_CACHE_MB})
 */
public record QuerySettings(
    long maxUploadBytes,
    Duration uploadUrlTtl,
    Duration imageUrlTtl,
    Duration lookTtl,
    Duration indexRefresh,
    long indexCacheBytes) {

  /** S3's limit for one POST upload. */
  static final long MAX_POST_BYTES = 5L << 30;

  public QuerySettings {
    if (maxUploadBytes < 1 || maxUploadBytes > MAX_POST_BYTES) {
      throw new IllegalArgumentException(
          "MAX_UPLOAD_BYTES must be from 1 to "
              + MAX_POST_BYTES
              + " (S3's POST limit), got "
              + maxUploadBytes);
    }
    checkUrlTtl("UPLOAD_URL_SECONDS", uploadUrlTtl);
    checkUrlTtl("IMAGE_URL_SECONDS", imageUrlTtl);
    if (lookTtl.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException(
          "LOOK_TTL_DAYS must be at least 1, got " + lookTtl.toDays());
    }
    if (indexRefresh.isNegative()) {
      throw new IllegalArgumentException(
          "INDEX_REFRESH_SECONDS must be 0 or more, got " + indexRefresh.toSeconds());
    }
    if (indexCacheBytes < 0) {
      throw new IllegalArgumentException("INDEX_CACHE_MB must be 0 or more");
    }
  }

  /** 10 MiB uploads, 10-minute upload forms, 5-minute image URLs, 30-day looks, 5 s, 256 MiB. */
  public static QuerySettings defaults() {
    return fromEnvironment(name -> null);
  }

  /**
   * @throws IllegalStateException naming the variable when one is malformed or out of range, so a
   *     misconfigured deployment fails at start-up with a message that says what to fix
   */
  public static QuerySettings fromEnvironment(UnaryOperator<String> env) {
    // bounded before they become Durations and byte counts, which would overflow without
    // naming the variable
    long lookDays = Env.lookTtlDays(env);
    long cacheMb = Env.bounded(env, "INDEX_CACHE_MB", 256, 0, 1L << 20);
    try {
      return new QuerySettings(
          Env.longValue(env, "MAX_UPLOAD_BYTES", 10L << 20),
          Duration.ofSeconds(Env.longValue(env, "UPLOAD_URL_SECONDS", 600)),
          Duration.ofSeconds(Env.longValue(env, "IMAGE_URL_SECONDS", 300)),
          Duration.ofDays(lookDays),
          Duration.ofSeconds(Env.longValue(env, "INDEX_REFRESH_SECONDS", 5)),
          cacheMb << 20);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static void checkUrlTtl(String variable, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(UrlSigner.MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          variable
              + " must be from 1 to "
              + UrlSigner.MAX_TTL.toSeconds()
              + ", got "
              + ttl.toSeconds());
    }
  }
}
