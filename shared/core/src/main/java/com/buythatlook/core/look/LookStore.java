package com.buythatlook.core.look;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Looks} table. Every write is conditional on the look's current status, so that a
 * duplicate or late event leaves the stored look as it is: each method returns {@code false} (and
 * writes nothing) when the look is already at or past the state it would move to. Implementations:
 * DynamoDB ({@link DynamoLookStore}) and the local runtime's file store.
 *
 * <p>Transient failures (throttling, timeouts) surface as {@link LookStoreException} so the
 * caller's retry and dead-letter machinery can deal with them.
 */
public interface LookStore {

  /** Creates a PENDING look ({@code POST /looks}); false when the id already exists. */
  boolean createPending(String lookId, Instant now, Instant expiresAt);

  Optional<Look> get(String lookId);

  /**
   * Records the detected items: allowed when the look does not exist (a direct upload to the
   * bucket) or is PENDING.
   */
  boolean markDetected(
      String lookId,
      String imageKey,
      int width,
      int height,
      List<LookItem> items,
      Instant now,
      Instant expiresAt);

  /** Stores the items with their vectors: allowed only from DETECTED. */
  boolean markEmbedded(String lookId, List<LookItem> items, Instant now);

  /**
   * Ends the look as FAILED: allowed when it does not exist, is PENDING or DETECTED; never
   * overwrites EMBEDDED or an earlier failure.
   */
  boolean markFailed(String lookId, String imageKey, String reason, Instant now, Instant expiresAt);
}
