package com.buythatlook.core.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The checker itself finds what it is there to find. */
class OpenApiResponsesTest {
  private static final String JSON = "application/json";
  private static final String LOOK =
      "{\"lookId\":\"abcdefgh\",\"status\":\"PENDING\",\"width\":0," + "\"height\":0,\"items\":[]}";

  @Test
  void aConformingBodyPasses() {
    assertThatCode(() -> OpenApiResponses.check("GET", "/looks/abcdefgh", 200, JSON, LOOK))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                OpenApiResponses.check(
                    "DELETE",
                    "/health",
                    405,
                    JSON,
                    "{\"error\":{\"code\":\"method_not_allowed\",\"message\":\"use GET\"}}"))
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingFieldAnUnknownFieldOrAWrongEnumFails() {
    assertThatThrownBy(
            () ->
                OpenApiResponses.check(
                    "GET",
                    "/looks/abcdefgh",
                    200,
                    JSON,
                    LOOK.replace("\"lookId\":\"abcdefgh\",", "")))
        .hasMessageContaining("lookId");
    assertThatThrownBy(
            () ->
                OpenApiResponses.check(
                    "GET",
                    "/looks/abcdefgh",
                    200,
                    JSON,
                    LOOK.replace("\"items\"", "\"extra\":1,\"items\"")))
        .hasMessageContaining("extra");
    assertThatThrownBy(
            () ->
                OpenApiResponses.check(
                    "GET", "/looks/abcdefgh", 200, JSON, LOOK.replace("PENDING", "WAITING")))
        .hasMessageContaining("status");
  }

  @Test
  void anUndocumentedStatusOrRouteFails() {
    String error = "{\"error\":{\"code\":\"x\",\"message\":\"y\"}}";
    assertThatThrownBy(() -> OpenApiResponses.check("GET", "/health", 418, JSON, error))
        .hasMessageContaining("not documented");
    assertThatThrownBy(() -> OpenApiResponses.check("GET", "/nowhere", 200, JSON, error))
        .hasMessageContaining("404");
    assertThatThrownBy(() -> OpenApiResponses.check("GET", "/health", 200, "text/html", "<p>"))
        .hasMessageContaining("Content-Type");
  }
}
