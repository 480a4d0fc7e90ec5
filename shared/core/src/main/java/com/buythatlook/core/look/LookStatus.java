package com.buythatlook.core.look;

/**
 * Where a look is in the pipeline. A look only moves forward ({@link #PENDING}, {@link #DETECTED},
 * then {@link #EMBEDDED} or {@link #FAILED}), and {@link #EMBEDDED} and {@link #FAILED} are
 * terminal: a duplicate or late event can never move a look backwards.
 */
public enum LookStatus {
  /** Created by {@code POST /looks}; the photo has not been processed yet. */
  PENDING,
  /** Items found and cropped; waiting for the embed function. */
  DETECTED,
  /** Terminal: every item has its vector (possibly zero items). */
  EMBEDDED,
  /** Terminal: the photo could not be used; {@link Look#failureReason()} says why. */
  FAILED;

  public boolean isTerminal() {
    return this == EMBEDDED || this == FAILED;
  }
}
