package com.buythatlook.core.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The API's OpenAPI 3.1 document ({@code docs/openapi.json} in the repository, packaged beside this
 * class), as {@code GET /openapi.json} serves it. Tests validate every response of the API against
 * it, so it cannot drift from the code.
 */
public final class OpenApiDocument {
  /** The classpath resource, relative to this class. */
  public static final String RESOURCE = "openapi.json";

  private OpenApiDocument() {}

  private static final class Holder {
    static final String TEXT = read();
  }

  /** The document's JSON text. */
  public static String text() {
    return Holder.TEXT;
  }

  private static String read() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is missing beside "
                + OpenApiDocument.class.getName()
                + "; the build copies it from docs/");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
