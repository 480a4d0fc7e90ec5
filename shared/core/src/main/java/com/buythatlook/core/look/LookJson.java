package com.buythatlook.core.look;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A look as a JSON document, for {@link FileLookStore}. The fields are those of the DynamoDB item
 * (see {@link DynamoLookStore}) with the same names and units, so a look file reads like the table
 * row: {@code expiresAt} in epoch seconds, times as ISO-8601, absent fields left out, and an item's
 * {@code vector} as base64 of its float32 little-endian bytes.
 */
final class LookJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LookJson() {}

  static byte[] write(Look look) {
    ObjectNode root = JSON.createObjectNode();
    root.put(DynamoLookStore.LOOK_ID, look.lookId());
    root.put(DynamoLookStore.STATUS, look.status().name());
    if (look.imageKey() != null) {
      root.put(DynamoLookStore.IMAGE_KEY, look.imageKey());
    }
    root.put(DynamoLookStore.WIDTH, look.width());
    root.put(DynamoLookStore.HEIGHT, look.height());
    ArrayNode items = root.putArray(DynamoLookStore.ITEMS);
    for (LookItem item : look.items()) {
      ObjectNode i = items.addObject();
      i.put("itemNo", item.itemNo());
      i.put("category", item.category().wireName());
      i.put("score", item.score());
      ObjectNode box = i.putObject("box");
      box.put("left", item.box().left());
      box.put("top", item.box().top());
      box.put("width", item.box().width());
      box.put("height", item.box().height());
      i.put("cropKey", item.cropKey());
      if (item.vector() != null) {
        i.put("vector", Base64.getEncoder().encodeToString(VectorBytes.encode(item.vector())));
      }
    }
    if (look.failureReason() != null) {
      root.put(DynamoLookStore.FAILURE_REASON, look.failureReason());
    }
    root.put(DynamoLookStore.CREATED_AT, look.createdAt().toString());
    root.put(DynamoLookStore.UPDATED_AT, look.updatedAt().toString());
    root.put(DynamoLookStore.EXPIRES_AT, look.expiresAt().getEpochSecond());
    try {
      // indented: these files are what a developer opens to see what became of an upload
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing a tree to memory does not fail
    }
  }

  /**
   * @throws IllegalArgumentException when the bytes are not such a document
   */
  static Look read(byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    List<LookItem> items = new ArrayList<>();
    for (JsonNode i : root.path(DynamoLookStore.ITEMS)) {
      JsonNode box = required(i, "box");
      JsonNode vector = i.get("vector");
      items.add(
          new LookItem(
              number(i, "itemNo").intValue(),
              Category.fromWireName(text(i, "category")),
              number(i, "score").doubleValue(),
              new Box(
                  number(box, "left").doubleValue(),
                  number(box, "top").doubleValue(),
                  number(box, "width").doubleValue(),
                  number(box, "height").doubleValue()),
              text(i, "cropKey"),
              vector == null || vector.isNull()
                  ? null
                  : VectorBytes.decode(Base64.getDecoder().decode(vector.asText()))));
    }
    return new Look(
        text(root, DynamoLookStore.LOOK_ID),
        LookStatus.valueOf(text(root, DynamoLookStore.STATUS)),
        optionalText(root, DynamoLookStore.IMAGE_KEY),
        root.path(DynamoLookStore.WIDTH).asInt(0),
        root.path(DynamoLookStore.HEIGHT).asInt(0),
        items,
        optionalText(root, DynamoLookStore.FAILURE_REASON),
        Instant.parse(text(root, DynamoLookStore.CREATED_AT)),
        Instant.parse(text(root, DynamoLookStore.UPDATED_AT)),
        Instant.ofEpochSecond(number(root, DynamoLookStore.EXPIRES_AT).longValue()));
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return v;
  }

  private static JsonNode number(JsonNode node, String field) {
    JsonNode v = required(node, field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("field '" + field + "' is not a number");
    }
    return v;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = required(node, field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is not a string");
    }
    return v.textValue();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
