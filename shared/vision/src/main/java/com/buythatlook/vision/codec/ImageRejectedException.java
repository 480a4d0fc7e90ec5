package com.buythatlook.vision.codec;

/**
 * A photo that cannot be used: the message is a sentence a person can act on, {@link #reason()} is
 * for code. A client mistake, never a bug: callers answer it with a 4xx or a FAILED look.
 */
public final class ImageRejectedException extends RuntimeException {
  private final RejectionReason reason;

  public ImageRejectedException(RejectionReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }
}
