package com.buythatlook.core.look;

/** The Looks table could not be read or written (after the client's own retries). */
public class LookStoreException extends RuntimeException {
  public LookStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
