package com.buythatlook.core.index;

import com.buythatlook.core.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed shards kept in memory up to a byte budget, least recently used first out. An evicted shard
 * is spilled to a local folder (Lambda: /tmp) so that the next load reads local disk instead of S3.
 * Keys contain the index version and versions are immutable, so a cached shard is never stale.
 */
final class ShardCache {
  private final BlobStore store;
  private final long budgetBytes;
  private final Path spillDir;
  private final LinkedHashMap<String, Entry> memory = new LinkedHashMap<>(16, 0.75f, true);
  private long usedBytes;
  private long loadsFromStore;
  private long loadsFromSpill;
  private long evictions;
  private long spillWrites;
  private long spillFailures;

  private record Entry(Shard shard, long bytes) {}

  ShardCache(BlobStore store, long budgetBytes, Path spillDir) {
    this.store = store;
    this.budgetBytes = budgetBytes;
    this.spillDir = spillDir;
  }

  synchronized Shard get(IndexManifest.ShardEntry entry) {
    Entry e = memory.get(entry.key());
    if (e != null) {
      return e.shard();
    }
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
      loadsFromStore++;
      spill(entry, bytes);
    } else {
      loadsFromSpill++;
    }
    if (bytes.length != entry.bytes()) {
      throw new ShardFormatException(
          entry.key() + " is " + bytes.length + " bytes; the manifest says " + entry.bytes());
    }
    Shard shard = ShardFormat.read(bytes, entry.key());
    long size = bytes.length;
    if (size <= budgetBytes) {
      memory.put(entry.key(), new Entry(shard, size));
      usedBytes += size;
      evict();
    }
    return shard;
  }

  synchronized long usedBytes() {
    return usedBytes;
  }

  synchronized long loadsFromStore() {
    return loadsFromStore;
  }

  synchronized long loadsFromSpill() {
    return loadsFromSpill;
  }

  /** Parsed shards dropped from memory to stay within the budget. */
  synchronized long evictions() {
    return evictions;
  }

  /** Shards written to the spill folder. */
  synchronized long spillWrites() {
    return spillWrites;
  }

  /** Shards that could not be spilled (a full /tmp): the next load of one reads the store. */
  synchronized long spillFailures() {
    return spillFailures;
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
      spillWrites++;
    } catch (IOException e) {
      // a full /tmp must not fail queries: the shard is simply not spilled, and the part of it
      // that was written goes, so that it does not hold space the next spill could use
      spillFailures++;
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
