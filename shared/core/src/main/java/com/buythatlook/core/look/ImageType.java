package com.buythatlook.core.look;

import java.util.Locale;
import java.util.Optional;

/** The photo formats an upload may have, with their key extension and content type. */
public enum ImageType {
  JPEG("jpg", "image/jpeg"),
  PNG("png", "image/png"),
  WEBP("webp", "image/webp");

  private final String extension;
  private final String contentType;

  ImageType(String extension, String contentType) {
    this.extension = extension;
    this.contentType = contentType;
  }

  public String extension() {
    return extension;
  }

  public String contentType() {
    return contentType;
  }

  public static Optional<ImageType> ofContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    for (ImageType t : values()) {
      if (t.contentType.equals(base) || (t == JPEG && base.equals("image/jpg"))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public static Optional<ImageType> ofExtension(String ext) {
    String e = ext.toLowerCase(Locale.ROOT);
    for (ImageType t : values()) {
      if (t.extension.equals(e) || (t == JPEG && e.equals("jpeg"))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
