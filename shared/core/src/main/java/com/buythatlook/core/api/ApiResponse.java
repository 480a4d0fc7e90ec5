package com.buythatlook.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP response: always a JSON body. Header names are as HTTP writes them; both API Gateway and
 * the local server pass them through unchanged.
 */
public record ApiResponse(int status, Map<String, String> headers, String body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ApiResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(body, "body");
  }

  /**
   * A JSON response with the headers every response of the API has: {@code Content-Type:
   * application/json} and {@code Cache-Control: no-store} (bodies hold presigned URLs that expire
   * within minutes, or a status that changes), plus {@code extraHeaders}.
   */
  public static ApiResponse json(int status, Object body, Map<String, String> extraHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    headers.putAll(extraHeaders);
    try {
      return new ApiResponse(status, headers, JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a response body", e);
    }
  }

  /** As {@link #json}, for a body that is JSON text already. */
  public static ApiResponse jsonText(int status, String body, Map<String, String> extraHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    headers.putAll(extraHeaders);
    return new ApiResponse(status, headers, body);
  }

  /** {@code {"error": {"code", "message"}}}, the body of every error of the API. */
  public static ApiResponse error(int status, String code, String message) {
    return error(status, code, message, Map.of());
  }

  public static ApiResponse error(
      int status, String code, String message, Map<String, String> extraHeaders) {
    return json(status, new Bodies.Error(new Bodies.ErrorDetail(code, message)), extraHeaders);
  }

  /** The header's value, by case-insensitive name, or {@code null}. */
  public String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
