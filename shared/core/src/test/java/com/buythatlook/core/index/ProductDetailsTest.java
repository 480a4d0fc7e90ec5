package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.storage.FileBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductDetailsTest {
  @TempDir Path dir;

  private final List<Product> catalog = new ArrayList<>();

  private IndexManifest publish(FileBlobStore store, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      catalog.add(
          new Product(
              "p" + i,
              Category.TOPS,
              "top " + i,
              "brand" + i % 7,
              10 + i,
              "EUR",
              null,
              null,
              "images/p" + i + ".jpg"));
    }
    IndexManifest.ProductFiles files = ProductDetails.write(store, "v1", catalog);
    return new IndexManifest(
        1, "v1", "m", "1", 4, "cosine", "float32", false, "now", List.of(), files);
  }

  @Test
  void aLookupOverManyFilesReadsEachMissingFileOnceAndFindsEveryProduct() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    IndexManifest manifest = publish(store, 30_000); // 15 files
    ProductDetails details = new ProductDetails(store, 1L << 30);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30_000; i += 1_667) {
      ids.add("p" + i);
    }
    ids.add("not-in-the-catalog");

    Map<String, Product> found = details.getAll(manifest, ids);

    assertThat(found).hasSize(ids.size() - 1).doesNotContainKey("not-in-the-catalog");
    for (Map.Entry<String, Product> e : found.entrySet()) {
      assertThat(e.getValue()).isEqualTo(catalog.get(Integer.parseInt(e.getKey().substring(1))));
    }
    long distinctFiles =
        ids.stream()
            .map(id -> ProductDetails.fileOf(id, manifest.products().files()))
            .distinct()
            .count();
    assertThat(details.loadsFromStore()).isEqualTo(distinctFiles).isGreaterThan(5);
    details.getAll(manifest, ids);
    assertThat(details.loadsFromStore()).as("kept in memory").isEqualTo(distinctFiles);
  }

  @Test
  void concurrentLookupsAgreeWithOneAtATime() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    IndexManifest manifest = publish(store, 20_000);
    List<List<String>> looks = new ArrayList<>();
    for (int l = 0; l < 16; l++) {
      List<String> ids = new ArrayList<>();
      for (int j = 0; j < 18; j++) {
        ids.add("p" + ((l * 7919 + j * 104_729) % 20_000));
      }
      looks.add(ids);
    }
    ProductDetails sequential = new ProductDetails(store, 1L << 30);
    ProductDetails parallel = new ProductDetails(store, 4L << 20); // evicts while it reads
    List<CompletableFuture<Map<String, Product>>> answers = new ArrayList<>();
    for (List<String> ids : looks) {
      answers.add(CompletableFuture.supplyAsync(() -> parallel.getAll(manifest, ids)));
    }
    for (int l = 0; l < looks.size(); l++) {
      assertThat(answers.get(l).join()).isEqualTo(sequential.getAll(manifest, looks.get(l)));
    }
  }

  @Test
  void aMissingFileIsTheIndexsProblemNotAWrappedOne() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    IndexManifest manifest = publish(store, 10_000);
    Files.delete(dir.resolve(IndexKeys.products("v1", ProductDetails.fileOf("p1", 5))));
    ProductDetails details = new ProductDetails(store, 1L << 30);

    assertThatThrownBy(() -> details.getAll(manifest, List.of("p1", "p2", "p3", "p4", "p5")))
        .isInstanceOf(IndexUnavailableException.class)
        .hasMessageContaining("are missing from");
  }

  @Test
  void aPreloadReadsEveryFileOnceSoLookupsReadNothing() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    IndexManifest manifest = publish(store, 9_000); // 5 files
    ProductDetails details = new ProductDetails(store, 1L << 30);

    details.preload(manifest).get();

    assertThat(details.loadsFromStore()).isEqualTo(manifest.products().files());
    assertThat(details.getAll(manifest, List.of("p0", "p4000", "p8999"))).hasSize(3);
    assertThat(details.loadsFromStore()).isEqualTo(manifest.products().files());
  }

  @Test
  void noPreloadWhenTheDetailsWouldNotFitTheBudget() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    IndexManifest manifest = publish(store, 9_000);
    ProductDetails details = new ProductDetails(store, 1L << 20); // 1 MB: 9,000 need ~4.5 MB

    details.preload(manifest).get();

    assertThat(details.loadsFromStore()).isZero();
    assertThat(details.getAll(manifest, List.of("p0"))).hasSize(1);
  }
}
