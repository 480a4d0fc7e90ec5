package com.buythatlook.cli.serve;

import com.buythatlook.core.text.Printable;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself — a request its parser or compliance modes refuse, a failure outside
 * {@link HttpFront} — as the JSON error the rest of the API uses, with Jetty's status and reason.
 * Three statuses are the client's fault though Jetty gives them otherwise: its Host checks (a 400)
 * are this server's 421, an unknown HTTP version (505) and framing Jetty does not implement (501)
 * are a 400.
 */
final class JsonErrors extends ErrorHandler {
  private static final Map<Integer, String> CODES =
      Map.of(
          400,
          "bad_request",
          404,
          "not_found",
          405,
          "method_not_allowed",
          408,
          "request_timeout",
          413,
          "body_too_large",
          414,
          "uri_too_long",
          417,
          "expectation_failed",
          431,
          "headers_too_large",
          505,
          "unsupported_http_version",
          501,
          "not_implemented");

  /** Jetty's reasons for refusing a request's Host. */
  private static final Set<String> HOST_PROBLEMS =
      Set.of("No Host", "Blank Host", "Authority!=Host", "Duplicate Host Header");

  private final String misdirected;

  JsonErrors(String misdirected) {
    this.misdirected = misdirected;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = request.getAttribute(ERROR_STATUS) instanceof Integer i ? i : response.getStatus();
    Throwable cause = request.getAttribute(ERROR_EXCEPTION) instanceof Throwable t ? t : null;
    String reason =
        request.getAttribute(ERROR_MESSAGE) instanceof String m
            ? m
            : cause != null ? cause.getMessage() : null;
    boolean clientFault =
        cause == null
            || cause instanceof HttpException
            || cause.getCause() instanceof HttpException;
    String code = CODES.getOrDefault(status, status < 500 ? "client_error" : "internal_error");
    String message =
        HttpStatus.getMessage(status)
            + (reason == null || reason.isBlank() ? "" : ": " + Printable.cut(reason, 80));
    if (status == 400 && HOST_PROBLEMS.contains(reason)) {
      status = 421;
      code = "misdirected_request";
      message = misdirected;
    } else if (status >= 500 && clientFault) {
      status = 400;
    } else if (status >= 500) {
      message = "internal error; the server log has the details";
    }
    response.setStatus(status);
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put("X-Content-Type-Options", "nosniff");
    byte[] body = Exchange.errorBody(code, message);
    h.put(HttpHeader.CONTENT_LENGTH, body.length);
    // the request was malformed, or its body may still be arriving: start afresh
    h.put(HttpHeader.CONNECTION, "close");
    boolean head = "HEAD".equalsIgnoreCase(request.getMethod());
    response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    return true;
  }
}
