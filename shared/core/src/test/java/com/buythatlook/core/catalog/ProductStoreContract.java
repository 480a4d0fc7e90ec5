package com.buythatlook.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProductStore} must do. A subclass supplies the store; every test uses ids of
 * its own, so one table or file can serve a class.
 */
abstract class ProductStoreContract {

  protected abstract ProductStore store();

  @Test
  void getsWhatWasPut() {
    String p = prefix();
    Product bag = product(p + "1", Category.BAGS, 77.99);
    Product top = product(p + "2", Category.TOPS, 12.5);

    store().putAll(List.of(bag, top));

    assertThat(store().get(p + "1")).contains(bag);
    assertThat(store().get(p + "2")).contains(top);
    assertThat(store().get(p + "3")).isEmpty();
  }

  @Test
  void replacesAProductPutAgain() {
    String p = prefix();
    store().putAll(List.of(product(p + "1", Category.BAGS, 10)));
    Product changed = product(p + "1", Category.HATS, 11);

    store().putAll(List.of(changed));

    assertThat(store().get(p + "1")).contains(changed);
  }

  @Test
  void keepsTheLastOfTwoProductsWithOneIdInOnePut() {
    String p = prefix();
    Product last = product(p + "1", Category.HATS, 2);

    store().putAll(List.of(product(p + "1", Category.BAGS, 1), last));

    assertThat(store().get(p + "1")).contains(last);
  }

  @Test
  void keepsAbsentFieldsAbsentAndPricesExact() {
    String p = prefix();
    Product sparse =
        new Product(p + "1", Category.BELTS, null, null, 0.1 + 0.2, null, null, null, null);
    Product full = product(p + "2", Category.DRESSES, 1234567.89);

    store().putAll(List.of(sparse, full));

    assertThat(store().get(p + "1")).contains(sparse);
    assertThat(store().get(p + "2").orElseThrow().price()).isEqualTo(1234567.89);
  }

  @Test
  void getsManyAtOnceLeavingOutUnknownIds() {
    String p = prefix();
    List<Product> products = new ArrayList<>();
    for (int i = 0; i < 260; i++) {
      products.add(product(p + i, Category.values()[i % Category.values().length], i + 0.99));
    }
    store().putAll(products);

    List<String> ids = new ArrayList<>();
    for (int i = 259; i >= 0; i--) {
      ids.add(p + i);
      if (i % 50 == 0) {
        ids.add(p + "missing-" + i);
        ids.add(p + i); // asked for twice
      }
    }
    Map<String, Product> found = store().getAll(ids);

    assertThat(found).hasSize(260);
    assertThat(found.values()).containsExactlyInAnyOrderElementsOf(products);
    found.forEach((id, product) -> assertThat(product.productId()).isEqualTo(id));
    assertThat(store().getAll(List.of())).isEmpty();
    assertThat(store().getAll(List.of(p + "missing"))).isEmpty();
  }

  @Test
  void acceptsAnEmptyPut() {
    store().putAll(List.of());
  }

  static String prefix() {
    return UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  static Product product(String id, Category category, double price) {
    return new Product(
        id,
        category,
        "Navy striped " + category.wireName() + " " + id,
        "Halden",
        price,
        "USD",
        "navy",
        "striped",
        "images/" + id + ".jpg");
  }
}
