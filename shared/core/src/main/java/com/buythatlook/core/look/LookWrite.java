package com.buythatlook.core.look;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The writes of {@link LookStore} and the states each may start from: the rules of its javadoc in
 * one place, which {@link DynamoLookStore} turns into condition expressions and {@link
 * FileLookStore} checks under a lock. A write whose rule does not allow the current state writes
 * nothing and reports {@code false}, which is how duplicate and late events become no-ops.
 */
enum LookWrite {
  CREATE_PENDING(LookStatus.PENDING, true),
  MARK_DETECTED(LookStatus.DETECTED, true, LookStatus.PENDING),
  MARK_EMBEDDED(LookStatus.EMBEDDED, false, LookStatus.DETECTED),
  MARK_FAILED(LookStatus.FAILED, true, LookStatus.PENDING, LookStatus.DETECTED);

  private final LookStatus target;
  private final boolean fromAbsent;
  private final Set<LookStatus> from;

  LookWrite(LookStatus target, boolean fromAbsent, LookStatus... from) {
    this.target = target;
    this.fromAbsent = fromAbsent;
    this.from = EnumSet.noneOf(LookStatus.class);
    Collections.addAll(this.from, from);
  }

  /** The status the look has after the write. */
  LookStatus target() {
    return target;
  }

  /** Whether the write may create the look. */
  boolean allowsAbsent() {
    return fromAbsent;
  }

  /** The existing statuses the write may start from, in declaration order. */
  List<LookStatus> fromStatuses() {
    return List.copyOf(from);
  }

  boolean allows(Optional<Look> current) {
    return current.isEmpty() ? fromAbsent : from.contains(current.get().status());
  }

  /**
   * Checks the items of {@link LookStore#markEmbedded}: a look is EMBEDDED only when every item has
   * its vector, so a caller that lost one is told now instead of the query failing later.
   */
  static void checkEmbedded(String lookId, List<LookItem> items) {
    for (LookItem item : items) {
      if (item.vector() == null) {
        throw new IllegalArgumentException(
            "look "
                + lookId
                + ": item "
                + item.itemNo()
                + " has no vector; embed every item"
                + " before marking the look EMBEDDED");
      }
    }
  }

  /** The score is stored as a number, which DynamoDB cannot hold when NaN or infinite. */
  static void checkScores(String lookId, List<LookItem> items) {
    for (LookItem item : items) {
      if (!Double.isFinite(item.score())) {
        throw new IllegalArgumentException(
            "look "
                + lookId
                + ": item "
                + item.itemNo()
                + " has score "
                + item.score()
                + "; scores must be finite numbers");
      }
    }
  }

  /** A FAILED look is shown to a person, who must be told why. */
  static void checkReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "a failed look needs a reason a person can read; got "
              + (reason == null ? "none" : "a blank one"));
    }
  }
}
