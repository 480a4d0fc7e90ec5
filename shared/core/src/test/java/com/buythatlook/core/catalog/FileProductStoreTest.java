package com.buythatlook.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ProductStore contract on a products.jsonl file, plus reloads and the file's format. */
class FileProductStoreTest extends ProductStoreContract {
  static final String CATALOG_LINE =
      "{\"productId\":\"1\",\"category\":\"bags\",\"title\":\"Denim large-dot backpack\","
          + "\"brand\":\"Halden\",\"price\":110.99,\"currency\":\"USD\",\"colour\":\"denim\","
          + "\"pattern\":\"polka dot\",\"image\":\"images/000000001.jpg\"}";

  @TempDir Path dir;
  private Path file;
  private FileProductStore store;

  @BeforeEach
  void open() {
    file = dir.resolve("catalog/products.jsonl");
    store = new FileProductStore(file);
  }

  @Override
  protected ProductStore store() {
    return store;
  }

  @Test
  void productsSurviveAReload() {
    Product bag = product("1", Category.BAGS, 77.99);
    Product hat = new Product("2", Category.HATS, null, null, 5, null, null, null, null);
    store.putAll(List.of(bag, hat));
    store.putAll(List.of(product("1", Category.BAGS, 70)));

    FileProductStore reloaded = new FileProductStore(file);

    assertThat(reloaded.size()).isEqualTo(2);
    assertThat(reloaded.get("1")).contains(product("1", Category.BAGS, 70));
    assertThat(reloaded.get("2")).contains(hat);
  }

  @Test
  void opensACatalogFileAndWritesItInTheSameFormat() throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, CATALOG_LINE + "\n\n");
    FileProductStore catalog = new FileProductStore(file);
    Product p = catalog.get("1").orElseThrow();
    assertThat(p.category()).isEqualTo(Category.BAGS);
    assertThat(p.image()).isEqualTo("images/000000001.jpg");

    catalog.putAll(List.of(product("2", Category.TOPS, 9.5)));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo(CATALOG_LINE); // replaced or not, a product keeps its line
    assertThat(lines.get(1)).startsWith("{\"productId\":\"2\",\"category\":\"tops\",");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void startsEmptyWhenTheFileDoesNotExistYet() {
    assertThat(store.size()).isZero();
    assertThat(file).doesNotExist();
  }

  @Test
  void saysWhichLineIsNotAProduct() throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, CATALOG_LINE + "\n{\"productId\":\"2\",\"category\":\"socks\"}\n");

    assertThatThrownBy(() -> new FileProductStore(file))
        .isInstanceOf(ProductStoreException.class)
        .hasMessageContaining(file + " line 2 is not a product")
        .hasMessageContaining("socks");
  }
}
