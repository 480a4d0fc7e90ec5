package com.buythatlook.core.look;

/**
 * A look could not be put on the embed queue. Unchecked so that it fails the detect invocation:
 * Lambda then retries the S3 event, and the detect step's conditional writes make the retry safe.
 */
public class EmbedQueueException extends RuntimeException {
  public EmbedQueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
