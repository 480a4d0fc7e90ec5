package com.buythatlook.cli.console;

/**
 * A mistake the user can fix (a missing folder, a bad flag value): printed as one sentence, without
 * a stack trace, and the command exits with status 2.
 */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }
}
