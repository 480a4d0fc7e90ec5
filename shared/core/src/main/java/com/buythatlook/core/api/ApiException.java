package com.buythatlook.core.api;

import java.util.Map;

/**
 * A request the API answers with an error body {@code {"error": {"code", "message"}}}: a client
 * mistake (4xx, with a message that says what to change) or a dependency that is down (503). Thrown
 * anywhere below {@link LookApi#handle} and turned into the response there. The code is a stable,
 * machine-readable word ({@code invalid_parameter}) that clients may switch on; the message is for
 * a person.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final transient Map<String, String> headers;

  ApiException(int status, String code, String message) {
    this(status, code, message, Map.of(), null);
  }

  ApiException(
      int status, String code, String message, Map<String, String> headers, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, String> headers() {
    return headers;
  }
}
