package com.buythatlook.core.storage;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a browser needs to upload one file: POST a {@code multipart/form-data} form to {@code url}
 * with every entry of {@code fields} (in this order) followed by the file as the last part, named
 * {@code file}.
 *
 * @param fields the form fields, in the order they are to be sent; unmodifiable
 * @param maxBytes the largest file the policy accepts
 * @param expiresAt after this the policy is refused
 */
public record PresignedUpload(
    String url, Map<String, String> fields, long maxBytes, Instant expiresAt) {

  public PresignedUpload {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(expiresAt, "expiresAt");
    // a copy that keeps the order: S3 does not care, but people reading a form dump do
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }
}
