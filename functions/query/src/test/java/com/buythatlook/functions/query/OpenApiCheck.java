package com.buythatlook.functions.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.buythatlook.core.testing.OpenApiResponses;

/** The handler's responses checked against docs/openapi.json ({@link OpenApiResponses}). */
final class OpenApiCheck {
  private OpenApiCheck() {}

  /** Calls the handler and checks its response against the document before returning it. */
  static APIGatewayV2HTTPResponse handle(
      QueryHandler handler, APIGatewayV2HTTPEvent event, Context context) {
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, context);
    check(event.getRequestContext().getHttp().getMethod(), event.getRawPath(), response);
    return response;
  }

  static void check(String method, String rawPath, APIGatewayV2HTTPResponse response) {
    String body =
        response.getIsBase64Encoded()
            ? new String(
                java.util.Base64.getDecoder().decode(response.getBody()),
                java.nio.charset.StandardCharsets.UTF_8)
            : response.getBody();
    OpenApiResponses.check(
        method, rawPath, response.getStatusCode(), response.getHeaders().get("Content-Type"), body);
  }
}
