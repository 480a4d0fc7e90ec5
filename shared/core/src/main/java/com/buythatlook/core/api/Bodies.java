package com.buythatlook.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the API, one record per object shape, in the field order clients see. The wire
 * format is written down here and nowhere else; see the package comment for what each route
 * returns.
 */
final class Bodies {
  private Bodies() {}

  record Error(ErrorDetail error) {}

  record ErrorDetail(String code, String message) {}

  record Created(String lookId, String status, Upload upload) {}

  /**
   * @param expiresAt ISO-8601 instant
   */
  record Upload(String url, Map<String, String> fields, long maxBytes, String expiresAt) {}

  /**
   * @param failureReason only when FAILED
   * @param imageUrl only once the photo is known (DETECTED and later)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record LookBody(
      String lookId,
      String status,
      String failureReason,
      int width,
      int height,
      String imageUrl,
      List<ItemBody> items) {}

  /**
   * @param matches only when the look is EMBEDDED
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ItemBody(
      int itemNo,
      String category,
      double score,
      BoxBody box,
      String cropUrl,
      List<MatchBody> matches) {}

  record BoxBody(double left, double top, double width, double height) {}

  /**
   * @param similarity cosine similarity of the item's and the product's vectors
   * @param group the product's variant group, when the catalog has one
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MatchBody(
      String productId,
      String title,
      String brand,
      double price,
      String currency,
      float similarity,
      String imageUrl,
      String group) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ProductBody(
      String productId,
      String title,
      String brand,
      double price,
      String currency,
      String category,
      String imageUrl) {}

  record Similar(ProductBody product, List<MatchBody> matches) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Health(String status, IndexBody index, ErrorDetail error) {}

  /**
   * @param products rows over all categories
   */
  record IndexBody(String version, String model, long products, List<String> categories) {}
}
