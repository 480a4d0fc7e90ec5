package com.buythatlook.vision.codec;

/**
 * Why a photo was refused, as a stable code for APIs and look records; the sentence for people is
 * the exception's message.
 */
public enum RejectionReason {
  EMPTY("empty_image"),
  TOO_MANY_BYTES("image_too_large"),
  UNSUPPORTED_FORMAT("unsupported_image_format"),
  TOO_MANY_PIXELS("too_many_pixels"),
  TRUNCATED("truncated_image"),
  CORRUPT("corrupt_image");

  private final String code;

  RejectionReason(String code) {
    this.code = code;
  }

  /** The machine-readable code, e.g. {@code "too_many_pixels"}. */
  public String code() {
    return code;
  }
}
