package com.buythatlook.core.look;

import com.buythatlook.core.aws.DynamoErrors;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@link LookStore} on the DynamoDB {@code Looks} table, through the low-level client (the enhanced
 * client's reflection and schema set-up would cost cold-start time for five calls).
 *
 * <p>Table schema; the SAM template creates exactly this, and the TTL is enabled on {@code
 * expiresAt}:
 *
 * <pre>
 * lookId         S  partition key (no sort key)
 * status         S  the LookStatus name: PENDING | DETECTED | EMBEDDED | FAILED
 * imageKey       S  uploads/{lookId}.{ext}; absent while PENDING
 * width, height  N  the decoded photo's size in pixels; 0 before detection
 * items          L  of M, in item order:
 *                     itemNo N, category S (wire name, e.g. "tops"), score N,
 *                     box M {left N, top N, width N, height N}, cropKey S,
 *                     vector B (float32 little-endian; absent until EMBEDDED)
 * failureReason  S  only when FAILED
 * createdAt      S  ISO-8601 instant
 * updatedAt      S  ISO-8601 instant
 * expiresAt      N  epoch seconds: the table's TTL attribute
 * </pre>
 *
 * <p>Every write is one {@code UpdateItem} whose condition expression encodes the state the look
 * must be in (see {@link LookStore}), so concurrent, duplicate and out-of-order events are settled
 * by DynamoDB itself: a refused condition is the {@code false} of the interface, not an error.
 * Reads are strongly consistent, so a handler sees the write that the previous step made. A look
 * with a dozen 512-dimension vectors is about 25 KB, far below DynamoDB's 400 KB item limit.
 */
public final class DynamoLookStore implements LookStore {
  static final String LOOK_ID = "lookId";
  static final String STATUS = "status";
  static final String IMAGE_KEY = "imageKey";
  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String ITEMS = "items";
  static final String FAILURE_REASON = "failureReason";
  static final String CREATED_AT = "createdAt";
  static final String UPDATED_AT = "updatedAt";
  static final String EXPIRES_AT = "expiresAt";

  private static final AttributeValue ZERO = AttributeValue.fromN("0");
  private static final AttributeValue NO_ITEMS = AttributeValue.fromL(List.of());

  private final DynamoDbClient dynamo;
  private final String table;

  /**
   * @param table the table's name, e.g. from the function's environment
   */
  public DynamoLookStore(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public boolean createPending(String lookId, Instant now, Instant expiresAt) {
    LookIds.check(lookId);
    Update u = new Update();
    u.set(STATUS, s(LookStatus.PENDING.name()));
    u.set(WIDTH, ZERO);
    u.set(HEIGHT, ZERO);
    u.set(ITEMS, NO_ITEMS);
    u.set(CREATED_AT, time(now));
    u.set(UPDATED_AT, time(now));
    u.set(EXPIRES_AT, epochSeconds(expiresAt));
    return write(LookWrite.CREATE_PENDING, lookId, u);
  }

  @Override
  public Optional<Look> get(String lookId) {
    LookIds.check(lookId);
    GetItemResponse response;
    try {
      response = dynamo.getItem(b -> b.tableName(table).key(key(lookId)).consistentRead(true));
    } catch (SdkException e) {
      throw failure("read look " + lookId, e);
    }
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(look(response.item()));
    } catch (RuntimeException e) {
      throw new LookStoreException(
          "look "
              + lookId
              + " in DynamoDB table '"
              + table
              + "' is not a valid look item ("
              + e.getMessage()
              + "); it was written by something other than this store",
          e);
    }
  }

  @Override
  public boolean markDetected(
      String lookId,
      String imageKey,
      int width,
      int height,
      List<LookItem> items,
      Instant now,
      Instant expiresAt) {
    LookIds.check(lookId);
    Objects.requireNonNull(imageKey, "imageKey");
    LookWrite.checkScores(lookId, items);
    Update u = new Update();
    u.set(STATUS, s(LookStatus.DETECTED.name()));
    u.set(IMAGE_KEY, s(imageKey));
    u.set(WIDTH, n(width));
    u.set(HEIGHT, n(height));
    u.set(ITEMS, items(items));
    u.set(UPDATED_AT, time(now));
    u.set(EXPIRES_AT, epochSeconds(expiresAt));
    // a direct upload to the bucket has no PENDING row: the look starts here
    u.setIfAbsent(CREATED_AT, time(now));
    return write(LookWrite.MARK_DETECTED, lookId, u);
  }

  @Override
  public boolean markEmbedded(String lookId, List<LookItem> items, Instant now) {
    LookIds.check(lookId);
    LookWrite.checkEmbedded(lookId, items);
    LookWrite.checkScores(lookId, items);
    Update u = new Update();
    u.set(STATUS, s(LookStatus.EMBEDDED.name()));
    u.set(ITEMS, items(items));
    u.set(UPDATED_AT, time(now));
    return write(LookWrite.MARK_EMBEDDED, lookId, u);
  }

  @Override
  public boolean markFailed(
      String lookId, String imageKey, String reason, Instant now, Instant expiresAt) {
    LookIds.check(lookId);
    LookWrite.checkReason(reason);
    Update u = new Update();
    u.set(STATUS, s(LookStatus.FAILED.name()));
    u.set(FAILURE_REASON, s(reason));
    u.set(UPDATED_AT, time(now));
    u.set(EXPIRES_AT, epochSeconds(expiresAt));
    if (imageKey != null) {
      u.set(IMAGE_KEY, s(imageKey));
    }
    // a look that fails before detection still reads back as a complete row; one that fails
    // after it keeps its items, which say what was found
    u.setIfAbsent(CREATED_AT, time(now));
    u.setIfAbsent(WIDTH, ZERO);
    u.setIfAbsent(HEIGHT, ZERO);
    u.setIfAbsent(ITEMS, NO_ITEMS);
    return write(LookWrite.MARK_FAILED, lookId, u);
  }

  private boolean write(LookWrite write, String lookId, Update u) {
    UpdateItemRequest request =
        UpdateItemRequest.builder()
            .tableName(table)
            .key(key(lookId))
            .updateExpression(u.expression())
            .conditionExpression(u.condition(write))
            .expressionAttributeNames(u.names)
            .expressionAttributeValues(u.values)
            .build();
    try {
      dynamo.updateItem(request);
      return true;
    } catch (ConditionalCheckFailedException alreadyThereOrPast) {
      return false;
    } catch (SdkException e) {
      throw failure("mark look " + lookId + " " + write.target(), e);
    }
  }

  private LookStoreException failure(String what, SdkException e) {
    return new LookStoreException(DynamoErrors.message(what, table, e), e);
  }

  private static Map<String, AttributeValue> key(String lookId) {
    return Map.of(LOOK_ID, s(lookId));
  }

  // ---- Look <-> item ----

  static AttributeValue items(List<LookItem> items) {
    List<AttributeValue> list = new ArrayList<>(items.size());
    for (LookItem item : items) {
      Map<String, AttributeValue> m = new HashMap<>();
      m.put("itemNo", n(item.itemNo()));
      m.put("category", s(item.category().wireName()));
      m.put("score", n(item.score()));
      Box b = item.box();
      m.put(
          "box",
          AttributeValue.fromM(
              Map.of(
                  "left", n(b.left()),
                  "top", n(b.top()),
                  "width", n(b.width()),
                  "height", n(b.height()))));
      m.put("cropKey", s(item.cropKey()));
      if (item.vector() != null) {
        m.put(
            "vector",
            AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(VectorBytes.encode(item.vector()))));
      }
      list.add(AttributeValue.fromM(m));
    }
    return AttributeValue.fromL(list);
  }

  static Look look(Map<String, AttributeValue> item) {
    List<LookItem> items = new ArrayList<>();
    AttributeValue list = item.get(ITEMS);
    if (list != null && list.hasL()) {
      for (AttributeValue v : list.l()) {
        items.add(lookItem(v.m()));
      }
    }
    return new Look(
        string(item, LOOK_ID),
        LookStatus.valueOf(string(item, STATUS)),
        optionalString(item, IMAGE_KEY),
        item.containsKey(WIDTH) ? number(item, WIDTH).intValueExact() : 0,
        item.containsKey(HEIGHT) ? number(item, HEIGHT).intValueExact() : 0,
        items,
        optionalString(item, FAILURE_REASON),
        Instant.parse(string(item, CREATED_AT)),
        Instant.parse(string(item, UPDATED_AT)),
        Instant.ofEpochSecond(number(item, EXPIRES_AT).longValueExact()));
  }

  private static LookItem lookItem(Map<String, AttributeValue> m) {
    Map<String, AttributeValue> box = required(m, "box").m();
    AttributeValue vector = m.get("vector");
    return new LookItem(
        number(m, "itemNo").intValueExact(),
        Category.fromWireName(string(m, "category")),
        number(m, "score").doubleValue(),
        new Box(
            number(box, "left").doubleValue(),
            number(box, "top").doubleValue(),
            number(box, "width").doubleValue(),
            number(box, "height").doubleValue()),
        string(m, "cropKey"),
        vector == null || vector.b() == null ? null : VectorBytes.decode(vector.b().asByteArray()));
  }

  private static AttributeValue required(Map<String, AttributeValue> m, String name) {
    AttributeValue v = m.get(name);
    if (v == null) {
      throw new IllegalArgumentException("attribute '" + name + "' is missing");
    }
    return v;
  }

  private static String string(Map<String, AttributeValue> m, String name) {
    String s = required(m, name).s();
    if (s == null) {
      throw new IllegalArgumentException("attribute '" + name + "' is not a string");
    }
    return s;
  }

  private static String optionalString(Map<String, AttributeValue> m, String name) {
    AttributeValue v = m.get(name);
    return v == null ? null : v.s();
  }

  private static BigDecimal number(Map<String, AttributeValue> m, String name) {
    String n = required(m, name).n();
    if (n == null) {
      throw new IllegalArgumentException("attribute '" + name + "' is not a number");
    }
    return new BigDecimal(n);
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /**
   * The shortest decimal that reads back as the same double ({@link Double#toString}), without an
   * exponent; DynamoDB keeps up to 38 significant digits, more than a double's 17.
   */
  static AttributeValue n(double value) {
    return AttributeValue.fromN(BigDecimal.valueOf(value).toPlainString());
  }

  private static AttributeValue time(Instant t) {
    return s(Objects.requireNonNull(t, "time").toString());
  }

  private static AttributeValue epochSeconds(Instant t) {
    return n(Objects.requireNonNull(t, "expiresAt").getEpochSecond());
  }

  /**
   * One update and its condition. Every attribute goes through an expression attribute name, {@code
   * status} because it is a DynamoDB reserved word and the others so that no future name (or a
   * reserved word we overlooked) can break an expression.
   */
  private static final class Update {
    final Map<String, String> names = new HashMap<>();
    final Map<String, AttributeValue> values = new HashMap<>();
    private final List<String> sets = new ArrayList<>();

    private String name(String attribute) {
      names.put("#" + attribute, attribute);
      return "#" + attribute;
    }

    private String value(String placeholder, AttributeValue v) {
      values.put(":" + placeholder, v);
      return ":" + placeholder;
    }

    void set(String attribute, AttributeValue v) {
      sets.add(name(attribute) + " = " + value(attribute, v));
    }

    /** Sets the attribute only when the stored look has none. */
    void setIfAbsent(String attribute, AttributeValue v) {
      sets.add(
          name(attribute)
              + " = if_not_exists("
              + name(attribute)
              + ", "
              + value(attribute, v)
              + ")");
    }

    String expression() {
      return "SET " + String.join(", ", sets);
    }

    /** The states {@code write} may start from, as a condition expression. */
    String condition(LookWrite write) {
      List<String> alternatives = new ArrayList<>();
      if (write.allowsAbsent()) {
        alternatives.add("attribute_not_exists(" + name(LOOK_ID) + ")");
      }
      List<String> from = new ArrayList<>();
      for (LookStatus status : write.fromStatuses()) {
        from.add(value("from" + status.name(), s(status.name())));
      }
      if (!from.isEmpty()) {
        alternatives.add(name(STATUS) + " IN (" + String.join(", ", from) + ")");
      }
      return String.join(" OR ", alternatives);
    }
  }
}
