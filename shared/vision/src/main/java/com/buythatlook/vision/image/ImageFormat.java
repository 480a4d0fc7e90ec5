package com.buythatlook.vision.image;

/** The photo formats the service accepts. */
public enum ImageFormat {
  JPEG("jpg", "image/jpeg"),
  PNG("png", "image/png"),
  WEBP("webp", "image/webp");

  private final String extension;
  private final String mediaType;

  ImageFormat(String extension, String mediaType) {
    this.extension = extension;
    this.mediaType = mediaType;
  }

  /** The file extension used in S3 keys, e.g. {@code "jpg"}. */
  public String extension() {
    return extension;
  }

  public String mediaType() {
    return mediaType;
  }
}
