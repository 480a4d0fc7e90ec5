package com.buythatlook.core.look;

/**
 * Where a look is in the pipeline. A look only moves forward ({@link #rank()} grows), and
 * {@link #EMBEDDED} and {@link #FAILED} are terminal: a duplicate or late event can never move a
 * look backwards.
 */
public enum LookStatus {
  /** Created by {@code POST /looks}; the photo has not been processed yet. */
  PENDING(0),
  /** Items found and cropped; waiting for the embed function. */
  DETECTED(1),
  /** Terminal: every item has its vector (possibly zero items). */
  EMBEDDED(2),
  /** Terminal: the photo could not be used; {@link Look#failureReason()} says why. */
  FAILED(2);

  private final int rank;

  LookStatus(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  public boolean isTerminal() {
    return this == EMBEDDED || this == FAILED;
  }
}
