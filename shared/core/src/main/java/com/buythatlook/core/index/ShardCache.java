package com.buythatlook.core.index;

import com.buythatlook.core.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parsed shards kept in memory up to a byte budget, least recently used first out. An evicted shard
 * is spilled to a local folder (Lambda: /tmp) so that the next load reads local disk instead of S3.
 * Keys contain the index version and versions are immutable, so a cached shard is never stale.
 */
final class ShardCache {
  /** Background shard loads: one at a time, so a preload takes one core at most. */
  private static final ExecutorService PRELOADS =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "btl-shard-preload");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
          });

  private final BlobStore store;
  private final long budgetBytes;
  private final Path spillDir;
  private final LinkedHashMap<String, Entry> memory = new LinkedHashMap<>(16, 0.75f, true);

  /** Shards being read, so that a second reader of one waits for it instead of reading it too. */
  private final Map<String, CompletableFuture<Shard>> loading = new HashMap<>();

  private long usedBytes;
  private final AtomicLong loadsFromStore = new AtomicLong();
  private final AtomicLong loadsFromSpill = new AtomicLong();
  private long evictions;
  private final AtomicLong spillWrites = new AtomicLong();
  private final AtomicLong spillFailures = new AtomicLong();
  private volatile String preloading;

  private record Entry(Shard shard, long bytes) {}

  ShardCache(BlobStore store, long budgetBytes, Path spillDir) {
    this.store = store;
    this.budgetBytes = budgetBytes;
    this.spillDir = spillDir;
  }

  /**
   * The shard, from memory or read and parsed now. The read happens outside the cache's lock: a 139
   * MB shard arriving from S3 does not hold up searches of shards already in memory.
   */
  Shard get(IndexManifest.ShardEntry entry) {
    return get(entry, true);
  }

  /**
   * @param spill whether a shard read from the store is also written to the spill folder: not for a
   *     preload, which runs only when every shard fits in memory, so none will be evicted
   */
  private Shard get(IndexManifest.ShardEntry entry, boolean spill) {
    CompletableFuture<Shard> pending;
    boolean mine = false;
    synchronized (this) {
      Entry e = memory.get(entry.key());
      if (e != null) {
        return e.shard();
      }
      pending = loading.get(entry.key());
      if (pending == null) {
        pending = new CompletableFuture<>();
        loading.put(entry.key(), pending);
        mine = true;
      }
    }
    if (!mine) {
      try {
        return pending.join();
      } catch (CompletionException ex) {
        if (ex.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw ex;
      }
    }
    try {
      Shard shard = read(entry, spill);
      synchronized (this) {
        long size = entry.bytes();
        if (size <= budgetBytes) {
          memory.put(entry.key(), new Entry(shard, size));
          usedBytes += size;
          evict();
        }
        loading.remove(entry.key());
      }
      pending.complete(shard);
      return shard;
    } catch (RuntimeException ex) {
      synchronized (this) {
        loading.remove(entry.key());
      }
      pending.completeExceptionally(ex);
      throw ex;
    }
  }

  /**
   * Starts reading all of a version's shards in the background, largest first, when together they
   * fit the budget: the first look in each category then finds its shard in memory instead of
   * waiting for it (infra/bench/scale.sh at 1M products: up to 2.8 s for a 139 MB shard). A search
   * that needs a shard being preloaded waits for that read; a newer version's preload stops an
   * older one's; a failed preload leaves the read to the search, which reports it.
   *
   * @return done when all are in memory, or the preload stopped or was not started
   */
  CompletableFuture<Void> preload(String version, List<IndexManifest.ShardEntry> shards) {
    long total = shards.stream().mapToLong(IndexManifest.ShardEntry::bytes).sum();
    if (total > budgetBytes) {
      return CompletableFuture.completedFuture(null);
    }
    preloading = version;
    List<IndexManifest.ShardEntry> order = new ArrayList<>(shards);
    order.sort(Comparator.comparingLong(IndexManifest.ShardEntry::bytes).reversed());
    List<CompletableFuture<Void>> reads = new ArrayList<>(order.size());
    for (IndexManifest.ShardEntry entry : order) {
      reads.add(
          CompletableFuture.runAsync(
              () -> {
                if (version.equals(preloading)) {
                  get(entry, false);
                }
              },
              PRELOADS));
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null);
  }

  private Shard read(IndexManifest.ShardEntry entry, boolean spill) {
    byte[] bytes = readSpilled(entry);
    if (bytes == null) {
      try {
        bytes =
            store
                .get(entry.key())
                .orElseThrow(
                    () ->
                        new IndexUnavailableException(
                            "shard "
                                + entry.key()
                                + " named by the manifest is missing from "
                                + store.describe()));
      } catch (IOException ex) {
        throw new UncheckedIOException("reading " + entry.key(), ex);
      }
      loadsFromStore.incrementAndGet();
      if (spill) {
        spill(entry, bytes);
      }
    } else {
      loadsFromSpill.incrementAndGet();
    }
    if (bytes.length != entry.bytes()) {
      throw new ShardFormatException(
          entry.key() + " is " + bytes.length + " bytes; the manifest says " + entry.bytes());
    }
    return ShardFormat.read(bytes, entry.key());
  }

  synchronized long usedBytes() {
    return usedBytes;
  }

  long loadsFromStore() {
    return loadsFromStore.get();
  }

  long loadsFromSpill() {
    return loadsFromSpill.get();
  }

  /** Parsed shards dropped from memory to stay within the budget. */
  synchronized long evictions() {
    return evictions;
  }

  /** Shards written to the spill folder. */
  long spillWrites() {
    return spillWrites.get();
  }

  /** Shards that could not be spilled (a full /tmp): the next load of one reads the store. */
  long spillFailures() {
    return spillFailures.get();
  }

  private void evict() {
    Iterator<Map.Entry<String, Entry>> it = memory.entrySet().iterator();
    while (usedBytes > budgetBytes && it.hasNext()) {
      Map.Entry<String, Entry> eldest = it.next();
      usedBytes -= eldest.getValue().bytes();
      it.remove();
      evictions++;
    }
  }

  private Path spillPath(IndexManifest.ShardEntry entry) {
    return spillDir == null ? null : spillDir.resolve(entry.key().replace('/', '_'));
  }

  private byte[] readSpilled(IndexManifest.ShardEntry entry) {
    Path p = spillPath(entry);
    if (p == null || !Files.isRegularFile(p)) {
      return null;
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      return null; // a damaged spill file only costs a re-download
    }
  }

  private void spill(IndexManifest.ShardEntry entry, byte[] bytes) {
    Path p = spillPath(entry);
    if (p == null) {
      return;
    }
    Path tmp = null;
    try {
      Files.createDirectories(spillDir);
      tmp = Files.createTempFile(spillDir, ".spill-", ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      spillWrites.incrementAndGet();
    } catch (IOException e) {
      // a full /tmp must not fail queries: the shard is simply not spilled, and the part of it
      // that was written goes, so that it does not hold space the next spill could use
      spillFailures.incrementAndGet();
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // nothing more to do: the folder is unwritable
        }
      }
    }
  }
}
