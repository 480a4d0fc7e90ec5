package com.buythatlook.core.index;

import com.buythatlook.core.storage.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Follows {@code index/CURRENT → manifest → shards}, the only path by which an index is read, so a
 * half-written version is never seen. CURRENT is re-read at most once per refresh interval; each
 * query works on one {@link IndexSnapshot}, so it never mixes two versions even while CURRENT flips
 * under it.
 */
public final class IndexReader {
  /** Parsed product details kept at least (the shards' budget, when larger, sets the limit). */
  private static final long DETAILS_MIN_BYTES = 16L << 20;

  private final BlobStore store;
  private final long refreshNanos;
  private final LongSupplier clock;
  private final ShardCache cache;
  private final ProductDetails details;
  private volatile IndexSnapshot snapshot;
  private volatile long checkedAt;
  private volatile boolean preload;
  private final Object lock = new Object();

  /**
   * @param memoryBudgetBytes parsed shards kept in memory at most
   * @param spillDir where evicted shards are kept on local disk, or {@code null}
   */
  public IndexReader(BlobStore store, Duration refresh, long memoryBudgetBytes, Path spillDir) {
    this(store, refresh, memoryBudgetBytes, spillDir, System::nanoTime);
  }

  IndexReader(
      BlobStore store,
      Duration refresh,
      long memoryBudgetBytes,
      Path spillDir,
      LongSupplier clock) {
    this.store = store;
    this.refreshNanos = refresh.toNanos();
    this.clock = clock;
    this.cache = new ShardCache(store, memoryBudgetBytes, spillDir);
    // as much for product details as for shards: a look's 18 matches name up to 18 details
    // files, and each one not in memory is a store read on the request's path (infra/bench/
    // scale.sh: with an eighth, a 100k-product catalog re-read files on every look). Parsed
    // details take ~750 bytes a product, about what its shard rows take.
    this.details = new ProductDetails(store, Math.max(DETAILS_MIN_BYTES, memoryBudgetBytes));
  }

  /**
   * Reads each new version's shards and product details in the background as soon as the version is
   * seen, each when it fits the memory budget. The query function turns this on; readers that only
   * need the manifest (the detect function) leave it off. A search that needs a shard still being
   * read waits for that read rather than reading it again.
   *
   * @return this reader
   */
  public IndexReader preload(boolean on) {
    this.preload = on;
    return this;
  }

  /**
   * The snapshot of the live version.
   *
   * @throws IndexUnavailableException when nothing is published yet
   */
  public IndexSnapshot snapshot() {
    IndexSnapshot s = snapshot;
    long now = clock.getAsLong();
    if (s != null && now - checkedAt < refreshNanos) {
      return s;
    }
    synchronized (lock) {
      s = snapshot;
      if (s != null && clock.getAsLong() - checkedAt < refreshNanos) {
        return s;
      }
      try {
        snapshot = load(s);
      } catch (RuntimeException e) {
        if (s == null) {
          throw e;
        }
        // keep answering from the version we have; the next refresh tries again
      }
      checkedAt = clock.getAsLong();
      return snapshot;
    }
  }

  /** Bytes of parsed shards held in memory now. */
  public long cachedBytes() {
    return cache.usedBytes();
  }

  /** Product details files fetched from the store so far (not from memory). */
  public long detailsReads() {
    return details.loadsFromStore();
  }

  /** Shards fetched from the store so far (not from memory or the spill folder). */
  public long storeReads() {
    return cache.loadsFromStore();
  }

  /** Shards read back from the spill folder (local disk) after an eviction. */
  public long spillReads() {
    return cache.loadsFromSpill();
  }

  /** Parsed shards dropped from memory to stay within the budget. */
  public long evictions() {
    return cache.evictions();
  }

  /** Shards written to the spill folder. */
  public long spillWrites() {
    return cache.spillWrites();
  }

  /** Shards that did not fit in the spill folder (a full /tmp). */
  public long spillFailures() {
    return cache.spillFailures();
  }

  private IndexSnapshot load(IndexSnapshot previous) {
    String version;
    try {
      version =
          new String(
                  store
                      .get(IndexKeys.CURRENT)
                      .orElseThrow(
                          () ->
                              new IndexUnavailableException(
                                  "no index is published in "
                                      + store.describe()
                                      + " yet (no index/CURRENT): run 'btl index'")),
                  StandardCharsets.UTF_8)
              .strip();
      IndexKeys.checkVersion(version);
      if (previous != null && previous.manifest().version().equals(version)) {
        return previous;
      }
      byte[] manifest =
          store
              .get(IndexKeys.manifest(version))
              .orElseThrow(
                  () ->
                      new IndexUnavailableException(
                          "index/CURRENT names version " + version + " but it has no manifest"));
      IndexManifest parsed = IndexManifest.fromJson(manifest, IndexKeys.manifest(version));
      if (preload) {
        cache.preload(version, parsed.shards());
        details.preload(parsed);
      }
      return new IndexSnapshot(parsed, cache, details);
    } catch (IOException e) {
      throw new IndexUnavailableException("cannot read the index from " + store.describe(), e);
    }
  }
}
