package com.buythatlook.cli.invoke;

import java.util.List;
import java.util.Locale;

/**
 * The error payloads a Lambda invoke answers with, in the Java runtime's format and field order
 * (its LambdaError written by Gson: nulls left out, no HTML escaping):
 *
 * <ul>
 *   <li>an exception from the handler: {@code {"errorMessage", "errorType", "stackTrace": [...]}};
 *   <li>a failure to load or construct the handler: the same without {@code stackTrace};
 *   <li>a timeout, and a runtime that died: the platform's {@code Sandbox.Timedout} and {@code
 *       Runtime.ExitError} errors.
 * </ul>
 */
final class LambdaErrorJson {
  private LambdaErrorJson() {}

  /** What the runtime reports for an exception; the class name stands in for a missing message. */
  static String of(Throwable t) {
    String message =
        t.getLocalizedMessage() == null ? t.getClass().getName() : t.getLocalizedMessage();
    StackTraceElement[] trace = t.getStackTrace();
    String[] lines = new String[trace.length];
    for (int i = 0; i < trace.length; i++) {
      lines[i] = trace[i].toString();
    }
    return of(message, t.getClass().getName(), List.of(lines));
  }

  /**
   * @param type null to leave the field out; @param stackTrace null to leave the field out
   */
  static String of(String message, String type, List<String> stackTrace) {
    StringBuilder b = new StringBuilder("{");
    field(b, "errorMessage", message);
    if (type != null) {
      b.append(',');
      field(b, "errorType", type);
    }
    if (stackTrace != null) {
      b.append(",\"stackTrace\":[");
      for (int i = 0; i < stackTrace.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        string(b, stackTrace.get(i));
      }
      b.append(']');
    }
    return b.append('}').toString();
  }

  static String timeout(String requestId, int seconds) {
    return of(
        "RequestId: " + requestId + " Error: " + timeoutMessage(seconds), "Sandbox.Timedout", null);
  }

  /** Lambda's wording: {@code Task timed out after 3.00 seconds}. */
  static String timeoutMessage(int seconds) {
    return String.format(Locale.ROOT, "Task timed out after %.2f seconds", (double) seconds);
  }

  static String runtimeExit(String requestId, int status) {
    return of(
        "RequestId: " + requestId + " Error: Runtime exited with error: exit status " + status,
        "Runtime.ExitError",
        null);
  }

  private static void field(StringBuilder b, String name, String value) {
    string(b, name);
    b.append(':');
    string(b, value);
  }

  static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\u2028', '\u2029' -> b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
