package com.buythatlook.vision.onnx;

/**
 * A model folder that cannot be used: missing or invalid {@code model.json}, a {@code model.onnx}
 * that does not match it, or one ONNX Runtime cannot load. The message names the folder, what was
 * wrong and what was expected.
 */
public final class InvalidModelException extends RuntimeException {

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
