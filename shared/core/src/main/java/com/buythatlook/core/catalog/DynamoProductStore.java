package com.buythatlook.core.catalog;

import com.buythatlook.core.aws.DynamoErrors;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link ProductStore} on the DynamoDB {@code Products} table, through the low-level client.
 *
 * <p>Table schema (the SAM template creates exactly this):
 *
 * <pre>
 * productId  S  partition key (no sort key)
 * category   S  wire name, e.g. "tops"
 * title      S
 * brand      S
 * price      N
 * currency   S
 * colour     S
 * pattern    S
 * group      S  optional: the variant group (same item, other colours)
 * imageKey   S  the product image's key in the bucket: "catalog/" + {@link Product#image()},
 *               e.g. catalog/images/000000001.jpg (the bucket's catalog/ prefix holds what a data
 *               set folder holds: products.jsonl and images/)
 * </pre>
 *
 * Attributes whose value is {@code null} are left out of the item. An {@code imageKey} outside
 * {@code catalog/} (written by other tools) is returned as {@link Product#image()} unchanged.
 *
 * <p>{@link #getAll} and {@link #putAll} use the batch calls, 100 keys per BatchGetItem and 25 puts
 * per BatchWriteItem (DynamoDB's limits). A batch call may leave part of its work undone when the
 * table is throttled; that part is retried with exponential backoff and full jitter, as AWS
 * recommends, and the call fails with {@link ProductStoreException} when it is still undone after 8
 * attempts (about 5 s of waiting at most).
 */
public final class DynamoProductStore implements ProductStore {
  static final int GET_BATCH = 100;
  static final int WRITE_BATCH = 25;
  static final int MAX_ATTEMPTS = 8;
  private static final long BASE_PAUSE_MILLIS = 50;
  private static final long MAX_PAUSE_MILLIS = 2_000;

  /** Where a data set's files sit in the bucket: {@code Product.image()} is relative to it. */
  public static final String CATALOG_PREFIX = "catalog/";

  static final String PRODUCT_ID = "productId";

  /** Waits between attempts; a test replaces it to run without sleeping. */
  @FunctionalInterface
  interface Pause {
    void sleep(long millis) throws InterruptedException;
  }

  private final DynamoDbClient dynamo;
  private final String table;
  private final Pause pause;

  /**
   * @param table the table's name, e.g. from the function's environment
   */
  public DynamoProductStore(DynamoDbClient dynamo, String table) {
    this(dynamo, table, Thread::sleep);
  }

  DynamoProductStore(DynamoDbClient dynamo, String table, Pause pause) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
    this.pause = Objects.requireNonNull(pause, "pause");
  }

  @Override
  public Optional<Product> get(String productId) {
    Objects.requireNonNull(productId, "productId");
    if (productId.isEmpty()) {
      return Optional.empty(); // DynamoDB refuses empty keys, so no product has this id
    }
    GetItemResponse response;
    try {
      // eventually consistent: the catalog changes only when the batch job loads it
      response = dynamo.getItem(b -> b.tableName(table).key(key(productId)));
    } catch (SdkException e) {
      throw failure("read product " + productId, e);
    }
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(product(response.item()));
  }

  /** The products in the order of their first id in {@code ids}. */
  @Override
  public Map<String, Product> getAll(Collection<String> ids) {
    // BatchGetItem refuses a request that names a key twice
    List<String> unique =
        ids.stream()
            .map(id -> Objects.requireNonNull(id, "product id"))
            .filter(id -> !id.isEmpty())
            .distinct()
            .toList();
    Map<String, Product> found = new HashMap<>();
    for (int from = 0; from < unique.size(); from += GET_BATCH) {
      List<String> chunk = unique.subList(from, Math.min(unique.size(), from + GET_BATCH));
      List<Map<String, AttributeValue>> keys = new ArrayList<>(chunk.size());
      for (String id : chunk) {
        keys.add(key(id));
      }
      KeysAndAttributes pending = KeysAndAttributes.builder().keys(keys).build();
      for (int attempt = 1; ; attempt++) {
        BatchGetItemResponse response;
        try {
          KeysAndAttributes request = pending;
          response = dynamo.batchGetItem(b -> b.requestItems(Map.of(table, request)));
        } catch (SdkException e) {
          throw failure("read " + chunk.size() + " products", e);
        }
        for (Map<String, AttributeValue> item :
            response.responses().getOrDefault(table, List.of())) {
          Product p = product(item);
          found.put(p.productId(), p);
        }
        pending = response.unprocessedKeys().get(table);
        if (pending == null || pending.keys().isEmpty()) {
          break;
        }
        backOff(attempt, pending.keys().size() + " product keys unread");
      }
    }
    Map<String, Product> out = new LinkedHashMap<>();
    for (String id : unique) {
      Product p = found.get(id);
      if (p != null) {
        out.put(id, p);
      }
    }
    return out;
  }

  /** When {@code products} holds an id twice, the last one is stored. */
  @Override
  public void putAll(Collection<Product> products) {
    // BatchWriteItem refuses a request that puts the same key twice
    Map<String, Product> unique = new LinkedHashMap<>();
    for (Product p : products) {
      if (p.productId().isEmpty()) {
        throw new IllegalArgumentException(
            "a product id must not be empty (DynamoDB keys cannot be): " + p);
      }
      unique.put(p.productId(), p);
    }
    List<Product> all = new ArrayList<>(unique.values());
    for (int from = 0; from < all.size(); from += WRITE_BATCH) {
      List<Product> chunk = all.subList(from, Math.min(all.size(), from + WRITE_BATCH));
      List<WriteRequest> pending = new ArrayList<>(chunk.size());
      for (Product p : chunk) {
        pending.add(
            WriteRequest.builder().putRequest(PutRequest.builder().item(item(p)).build()).build());
      }
      for (int attempt = 1; ; attempt++) {
        BatchWriteItemResponse response;
        try {
          List<WriteRequest> request = pending;
          response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
        } catch (SdkException e) {
          throw failure("write " + chunk.size() + " products", e);
        }
        pending = response.unprocessedItems().getOrDefault(table, List.of());
        if (pending.isEmpty()) {
          break;
        }
        backOff(attempt, pending.size() + " products unwritten");
      }
    }
  }

  /** Waits before attempt {@code attempt + 1}, or gives up after the last one. */
  private void backOff(int attempt, String left) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new ProductStoreException(
          "DynamoDB table '"
              + table
              + "' is throttling: "
              + left
              + " after "
              + MAX_ATTEMPTS
              + " attempts; retry later or raise the table's capacity",
          null);
    }
    long ceiling = Math.min(MAX_PAUSE_MILLIS, BASE_PAUSE_MILLIS << (attempt - 1));
    try {
      pause.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProductStoreException(
          "interrupted while waiting to retry DynamoDB table '" + table + "' (" + left + ")", e);
    }
  }

  private ProductStoreException failure(String what, SdkException e) {
    return new ProductStoreException(DynamoErrors.message(what, table, e), e);
  }

  private static Map<String, AttributeValue> key(String productId) {
    return Map.of(PRODUCT_ID, AttributeValue.fromS(productId));
  }

  static Map<String, AttributeValue> item(Product p) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put(PRODUCT_ID, AttributeValue.fromS(p.productId()));
    m.put("category", AttributeValue.fromS(p.category().wireName()));
    putString(m, "title", p.title());
    putString(m, "brand", p.brand());
    // Double.toString's shortest form, without an exponent: reads back as the same double
    m.put("price", AttributeValue.fromN(BigDecimal.valueOf(p.price()).toPlainString()));
    putString(m, "currency", p.currency());
    putString(m, "colour", p.colour());
    putString(m, "pattern", p.pattern());
    putString(m, "group", p.group());
    putString(m, "imageKey", p.image() == null ? null : CATALOG_PREFIX + p.image());
    return m;
  }

  private static void putString(Map<String, AttributeValue> m, String name, String value) {
    if (value != null) {
      m.put(name, AttributeValue.fromS(value));
    }
  }

  private Product product(Map<String, AttributeValue> item) {
    String id = text(item, PRODUCT_ID);
    try {
      AttributeValue price = item.get("price");
      if (price == null || price.n() == null) {
        throw new IllegalArgumentException("attribute 'price' is missing or not a number");
      }
      String imageKey = text(item, "imageKey");
      return new Product(
          id,
          Category.fromWireName(text(item, "category")),
          text(item, "title"),
          text(item, "brand"),
          new BigDecimal(price.n()).doubleValue(),
          text(item, "currency"),
          text(item, "colour"),
          text(item, "pattern"),
          imageKey != null && imageKey.startsWith(CATALOG_PREFIX)
              ? imageKey.substring(CATALOG_PREFIX.length())
              : imageKey,
          text(item, "group"));
    } catch (RuntimeException e) {
      throw new ProductStoreException(
          "product "
              + id
              + " in DynamoDB table '"
              + table
              + "' is not a valid product item ("
              + e.getMessage()
              + "); reload the catalog with the batch job",
          e);
    }
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  @Override
  public String toString() {
    return "DynamoProductStore[" + table + "]";
  }
}
