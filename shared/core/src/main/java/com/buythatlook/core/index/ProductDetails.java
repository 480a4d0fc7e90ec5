package com.buythatlook.core.index;

import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.catalog.ProductsJsonl;
import com.buythatlook.core.storage.BlobStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;

/**
 * The product details of an index version — title, brand, price, image — stored beside its shards
 * as {@code index/{version}/products/{n}.jsonl}, so a version's matches and the details shown with
 * them always come from the same catalog: a price change or a removed product shows exactly when
 * CURRENT names the version that has it, and never before.
 *
 * <p>A product is in file {@link #fileOf} of its id, so a lookup of a few ids reads only the few
 * files that hold them. Files are kept parsed in memory up to a byte budget, least recently used
 * first out; their keys hold the version, which is immutable, so a kept file is never stale.
 */
public final class ProductDetails {
  /** Products per file, about 0.3 MB of JSON: a lookup reads little, a catalog makes few files. */
  public static final int PRODUCTS_PER_FILE = 2000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads of details files in flight at once, for all lookups together: S3 round trips overlap, and
   * a few parallel GETs are what one Lambda's network takes without queueing.
   */
  private static final int PARALLEL_READS = 8;

  private static final ExecutorService READS =
      Executors.newFixedThreadPool(
          PARALLEL_READS,
          r -> {
            Thread t = new Thread(r, "btl-details-read");
            t.setDaemon(true);
            return t;
          });

  /**
   * Background reads of a version's details, beside the lookups' own {@link #READS}: two, so a
   * preload never holds up the files a look is waiting for.
   */
  private static final ExecutorService PRELOADS =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "btl-details-preload");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
          });

  /** Parsed details per product, about (3× its ~160 bytes of JSON), for the preload's estimate. */
  private static final long PARSED_BYTES_PER_PRODUCT = 500;

  private final BlobStore store;
  private final long budgetBytes;
  private volatile String preloading;
  private final LinkedHashMap<String, Loaded> memory = new LinkedHashMap<>(16, 0.75f, true);
  private long usedBytes;
  private long loadsFromStore;

  private record Loaded(Map<String, Product> products, long bytes) {}

  ProductDetails(BlobStore store, long budgetBytes) {
    this.store = store;
    this.budgetBytes = budgetBytes;
  }

  /** The file of a version with {@code files} files that holds {@code productId}. */
  public static int fileOf(String productId, int files) {
    CRC32C crc = new CRC32C();
    crc.update(productId.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % files);
  }

  /** How many files {@code count} products are spread over. */
  public static int filesFor(int count) {
    return Math.max(1, (count + PRODUCTS_PER_FILE - 1) / PRODUCTS_PER_FILE);
  }

  /**
   * Writes the details of {@code products} (each id once) for {@code version}; called before the
   * manifest that names them is published.
   */
  public static IndexManifest.ProductFiles write(
      BlobStore store, String version, Collection<Product> products) throws IOException {
    int files = filesFor(products.size());
    List<ByteArrayOutputStream> out = new ArrayList<>(files);
    for (int i = 0; i < files; i++) {
      out.add(new ByteArrayOutputStream());
    }
    for (Product p : products) {
      ByteArrayOutputStream file = out.get(fileOf(p.productId(), files));
      try {
        file.write(JSON.writeValueAsBytes(p));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("product " + p.productId() + " is not writable", e);
      }
      file.write('\n');
    }
    for (int i = 0; i < files; i++) {
      store.put(IndexKeys.products(version, i), out.get(i).toByteArray());
    }
    return new IndexManifest.ProductFiles(files, products.size());
  }

  /**
   * The products among {@code ids} that {@code manifest}'s version has, keyed by id. The files not
   * in memory are read from the store at the same time, not one after the other: a look's 18
   * matches can name 18 files, and after a cold start each is a round trip to S3.
   */
  Map<String, Product> getAll(IndexManifest manifest, Collection<String> ids) {
    IndexManifest.ProductFiles files = manifest.products();
    Map<String, List<String>> byFile = new LinkedHashMap<>();
    for (String id : ids) {
      byFile
          .computeIfAbsent(
              IndexKeys.products(manifest.version(), fileOf(id, files.files())),
              f -> new ArrayList<>())
          .add(id);
    }
    Map<String, Map<String, Product>> loaded = new HashMap<>();
    List<String> missing = new ArrayList<>();
    synchronized (this) {
      for (String key : byFile.keySet()) {
        Loaded kept = memory.get(key);
        if (kept != null) {
          loaded.put(key, kept.products());
        } else {
          missing.add(key);
        }
      }
    }
    if (missing.size() == 1) {
      loaded.put(missing.get(0), keep(missing.get(0), fetch(missing.get(0))));
    } else if (!missing.isEmpty()) {
      List<CompletableFuture<byte[]>> reads = new ArrayList<>(missing.size());
      for (String key : missing) {
        reads.add(CompletableFuture.supplyAsync(() -> fetch(key), READS));
      }
      for (int i = 0; i < missing.size(); i++) {
        loaded.put(missing.get(i), keep(missing.get(i), join(reads.get(i))));
      }
    }
    Map<String, Product> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : byFile.entrySet()) {
      Map<String, Product> file = loaded.get(e.getKey());
      for (String id : e.getValue()) {
        Product p = file.get(id);
        if (p != null) {
          out.put(id, p);
        }
      }
    }
    return out;
  }

  private static byte[] join(CompletableFuture<byte[]> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * Starts reading all of {@code manifest}'s details files in the background, when they fit in the
   * budget, so that looks stop waiting on details a few seconds after a cold start instead of after
   * every file has been named by some look (infra/bench/scale.sh at 1M products: p99 0.6–0.9 s over
   * the first 300 looks). A lookup that needs a file not read yet reads it itself; a preload that
   * fails leaves that to the lookups, which report the problem. A newer version's preload stops an
   * older one's.
   *
   * @return done when every file is in memory or the preload stopped or was not started
   */
  CompletableFuture<Void> preload(IndexManifest manifest) {
    IndexManifest.ProductFiles files = manifest.products();
    if (files == null || files.count() * PARSED_BYTES_PER_PRODUCT > budgetBytes) {
      return CompletableFuture.completedFuture(null);
    }
    String version = manifest.version();
    preloading = version;
    List<CompletableFuture<Void>> reads = new ArrayList<>(files.files());
    for (int i = 0; i < files.files(); i++) {
      String key = IndexKeys.products(version, i);
      reads.add(
          CompletableFuture.runAsync(
              () -> {
                if (version.equals(preloading) && !inMemory(key)) {
                  keep(key, fetch(key));
                }
              },
              PRELOADS));
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null);
  }

  private synchronized boolean inMemory(String key) {
    return memory.containsKey(key);
  }

  /** Files read from the store so far (not from memory). */
  synchronized long loadsFromStore() {
    return loadsFromStore;
  }

  /** The file's bytes from the store; called without the lock, several at a time. */
  private byte[] fetch(String key) {
    try {
      return store
          .get(key)
          .orElseThrow(
              () ->
                  new IndexUnavailableException(
                      "product details "
                          + key
                          + " named by the manifest are missing from "
                          + store.describe()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + key, e);
    }
  }

  /** Parses a file read from the store and keeps it, evicting the least recently used. */
  private synchronized Map<String, Product> keep(String key, byte[] bytes) {
    loadsFromStore++;
    Loaded kept = memory.get(key);
    if (kept != null) {
      return kept.products(); // another lookup read it meanwhile
    }
    Map<String, Product> products = new HashMap<>();
    ProductsJsonl.parse(
        bytes,
        (n, p) -> products.put(p.productId(), p),
        (n, e) -> {
          throw new ShardFormatException(
              key + " line " + n + " is not a product: " + e.getMessage());
        });
    // parsed records take about three times their JSON
    long size = 3L * bytes.length;
    memory.put(key, new Loaded(products, size));
    usedBytes += size;
    var it = memory.entrySet().iterator();
    while (usedBytes > budgetBytes && memory.size() > 1 && it.hasNext()) {
      var eldest = it.next();
      if (eldest.getKey().equals(key)) {
        continue;
      }
      usedBytes -= eldest.getValue().bytes();
      it.remove();
    }
    return products;
  }
}
