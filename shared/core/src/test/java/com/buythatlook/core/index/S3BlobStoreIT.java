package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.core.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** The index publish/read protocol over a real S3 API (moto_server on loopback). */
class S3BlobStoreIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @Test
  void publishesAndReadsAnIndexUnderAPrefix() throws Exception {
    S3Client s3 = MOTO.s3();
    s3.createBucket(b -> b.bucket("images"));
    S3BlobStore store = S3BlobStore.fromUri(s3, "s3://images/stage");

    assertThat(store.get("index/CURRENT")).isEmpty();
    assertThat(store.exists("index/CURRENT")).isFalse();
    store.put("a/b.txt", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(store.get("a/b.txt"))
        .hasValueSatisfying(
            v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("hello"));
    assertThat(store.list("a/")).containsExactly("a/b.txt");
    store.delete("a/b.txt");
    assertThat(store.exists("a/b.txt")).isFalse();

    float[] rows = TopKTest.randomRows(new SplittableRandom(1), 20, 8, true);
    IndexPublisher pub = new IndexPublisher(store);
    List<String> ids = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "p" + i).toList();
    IndexManifest.ShardEntry e =
        pub.putShard(
            "v1",
            0,
            Shard.of(
                Category.HATS,
                8,
                rows,
                ids,
                new float[20],
                java.util.Collections.nCopies(20, "b"),
                true));
    pub.publish(
        new IndexManifest(1, "v1", "m", "1", 8, "cosine", "float32", true, "now", List.of(e)));

    // the keys land under the prefix, as docs/architecture.md names them
    assertThat(s3.listObjectsV2(b -> b.bucket("images").prefix("stage/index/")).contents())
        .extracting(o -> o.key())
        .contains(
            "stage/index/CURRENT", "stage/index/v1/manifest.json", "stage/index/v1/hats/0.shard");
    IndexReader reader = new IndexReader(store, Duration.ofSeconds(1), 1 << 20, null);
    float[] q = java.util.Arrays.copyOfRange(rows, 8 * 3, 8 * 4);
    assertThat(
            reader
                .snapshot()
                .search(Category.HATS, new float[][] {q}, 1, Filter.none())
                .get(0)
                .get(0)
                .productId())
        .isEqualTo("p3");
  }
}
