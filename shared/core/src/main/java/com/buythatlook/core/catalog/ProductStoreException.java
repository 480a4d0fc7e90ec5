package com.buythatlook.core.catalog;

/**
 * The {@code Products} table (or the local runtime's products file) could not be read or written,
 * after the client's own retries.
 */
public class ProductStoreException extends RuntimeException {
  public ProductStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
