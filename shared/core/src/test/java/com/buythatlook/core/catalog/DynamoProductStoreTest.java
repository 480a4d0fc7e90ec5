package com.buythatlook.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The batching and retry logic of {@link DynamoProductStore} against a fake client that, like a
 * throttled table, leaves part of each batch unprocessed: moto never does.
 */
class DynamoProductStoreTest {
  static final String TABLE = "Products";

  /** Processes at most {@code perCall} keys or puts per call and hands the rest back. */
  static final class ThrottledTable implements DynamoDbClient {
    final Map<String, Map<String, AttributeValue>> items = new java.util.HashMap<>();
    final List<Integer> getSizes = new ArrayList<>();
    final List<Integer> writeSizes = new ArrayList<>();
    final int perCall;

    ThrottledTable(int perCall) {
      this.perCall = perCall;
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
      List<Map<String, AttributeValue>> keys = request.requestItems().get(TABLE).keys();
      getSizes.add(keys.size());
      List<Map<String, AttributeValue>> found = new ArrayList<>();
      for (Map<String, AttributeValue> key : keys.subList(0, Math.min(perCall, keys.size()))) {
        Map<String, AttributeValue> item = items.get(key.get("productId").s());
        if (item != null) {
          found.add(item);
        }
      }
      var b = BatchGetItemResponse.builder().responses(Map.of(TABLE, found));
      if (keys.size() > perCall) {
        b.unprocessedKeys(
            Map.of(
                TABLE,
                KeysAndAttributes.builder().keys(keys.subList(perCall, keys.size())).build()));
      }
      return b.build();
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
      List<WriteRequest> writes = request.requestItems().get(TABLE);
      writeSizes.add(writes.size());
      for (WriteRequest w : writes.subList(0, Math.min(perCall, writes.size()))) {
        Map<String, AttributeValue> item = w.putRequest().item();
        items.put(item.get("productId").s(), item);
      }
      var b = BatchWriteItemResponse.builder();
      if (writes.size() > perCall) {
        b.unprocessedItems(Map.of(TABLE, writes.subList(perCall, writes.size())));
      }
      return b.build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  @Test
  void retriesWhatAThrottledTableLeftUndoneInBatchesOfTheLimits() {
    ThrottledTable table = new ThrottledTable(10);
    List<Long> pauses = new ArrayList<>();
    DynamoProductStore store = new DynamoProductStore(table, TABLE, pauses::add);
    List<Product> products = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      products.add(ProductStoreContract.product("p" + i, Category.TOPS, i));
    }

    store.putAll(products);
    Map<String, Product> found = store.getAll(products.stream().map(Product::productId).toList());

    assertThat(found.values()).containsExactlyElementsOf(products);
    // 60 puts: chunks of 25, 25, 10, each retried down to nothing
    assertThat(table.writeSizes).containsExactly(25, 15, 5, 25, 15, 5, 10);
    assertThat(table.getSizes).containsExactly(60, 50, 40, 30, 20, 10);
    assertThat(pauses).hasSize(2 + 2 + 5).allSatisfy(p -> assertThat(p).isBetween(0L, 2_000L));
  }

  @Test
  void splitsLargeReadsIntoBatchesOfAHundred() {
    ThrottledTable table = new ThrottledTable(1_000);
    DynamoProductStore store = new DynamoProductStore(table, TABLE, ms -> {});
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      ids.add("p" + i);
    }

    store.getAll(ids);

    assertThat(table.getSizes).containsExactly(100, 100, 50);
  }

  @Test
  void givesUpOnATableThatNeverCatchesUp() {
    ThrottledTable table = new ThrottledTable(0);
    List<Long> pauses = new ArrayList<>();
    DynamoProductStore store = new DynamoProductStore(table, TABLE, pauses::add);

    assertThatThrownBy(
            () -> store.putAll(List.of(ProductStoreContract.product("1", Category.HATS, 1))))
        .isInstanceOf(ProductStoreException.class)
        .hasMessageContaining("throttling")
        .hasMessageContaining("after " + DynamoProductStore.MAX_ATTEMPTS + " attempts");
    assertThat(table.writeSizes).hasSize(DynamoProductStore.MAX_ATTEMPTS);
    assertThat(pauses).hasSize(DynamoProductStore.MAX_ATTEMPTS - 1);
  }
}
