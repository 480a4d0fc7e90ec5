package com.buythatlook.core.look;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The body of an embed-queue message. */
public record EmbedMessage(String lookId) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public EmbedMessage {
    LookIds.check(lookId);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(Map.of("lookId", lookId));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @throws IllegalArgumentException when the body is not such a message
   */
  public static EmbedMessage fromJson(String body) {
    try {
      var node = JSON.readTree(body);
      if (node == null || !node.isObject() || !node.path("lookId").isTextual()) {
        throw new IllegalArgumentException("an embed message is {\"lookId\": \"…\"}");
      }
      return new EmbedMessage(node.get("lookId").asText());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an embed message is JSON: " + e.getOriginalMessage(), e);
    }
  }
}
