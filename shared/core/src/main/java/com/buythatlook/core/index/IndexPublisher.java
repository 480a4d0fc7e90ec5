package com.buythatlook.core.index;

import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.storage.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes an index version in the order that makes publishing atomic to readers: every shard, then
 * the manifest, then {@code index/CURRENT}. A crash before the last step leaves CURRENT on the
 * previous version.
 */
public final class IndexPublisher {
  /** Default shard size limit (DESIGN: split at 256 MB). */
  public static final long DEFAULT_MAX_SHARD_BYTES = 256L << 20;

  private final BlobStore store;

  public IndexPublisher(BlobStore store) {
    this.store = store;
  }

  /** Rows per shard so that a shard of this dimension stays under {@code maxShardBytes}. */
  public static int rowsPerShard(int dim, boolean int8, long maxShardBytes) {
    // float row + int8 row + price + brand id + offset + ~24 bytes of product id
    long perRow = dim * 4L + (int8 ? dim : 0) + 4 + 4 + 4 + 24;
    return (int)
        Math.max(1, Math.min(Integer.MAX_VALUE / Math.max(dim, 1), maxShardBytes / perRow));
  }

  /** Writes one shard and returns its manifest entry. */
  public IndexManifest.ShardEntry putShard(String version, int n, Shard shard) throws IOException {
    byte[] bytes = ShardFormat.toBytes(shard);
    String key = IndexKeys.shard(version, shard.category(), n);
    store.put(key, bytes);
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return new IndexManifest.ShardEntry(
        shard.category(), key, shard.count(), bytes.length, crc.getValue());
  }

  /** Writes the details of the version's products (each id once), to be named by its manifest. */
  public IndexManifest.ProductFiles putProducts(String version, Collection<Product> products)
      throws IOException {
    return ProductDetails.write(store, version, products);
  }

  /** Writes the manifest, then flips CURRENT to it. */
  public void publish(IndexManifest manifest) throws IOException {
    for (IndexManifest.ShardEntry e : manifest.shards()) {
      if (!store.exists(e.key())) {
        throw new IllegalStateException("refusing to publish: shard " + e.key() + " is missing");
      }
    }
    if (manifest.products() != null) {
      for (int n = 0; n < manifest.products().files(); n++) {
        String key = IndexKeys.products(manifest.version(), n);
        if (!store.exists(key)) {
          throw new IllegalStateException(
              "refusing to publish: product details " + key + " are missing");
        }
      }
    }
    store.put(IndexKeys.manifest(manifest.version()), manifest.toJson());
    store.put(IndexKeys.CURRENT, (manifest.version() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Shards of a category whose rows were split at {@code rowsPerShard}. */
  public static List<int[]> splits(int count, int rowsPerShard) {
    java.util.ArrayList<int[]> out = new java.util.ArrayList<>();
    for (int start = 0; start < count; start += rowsPerShard) {
      out.add(new int[] {start, Math.min(count, start + rowsPerShard)});
    }
    return out;
  }
}
