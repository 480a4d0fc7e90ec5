package com.buythatlook.core.look;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One uploaded photo and what became of it: a row of the {@code Looks} table.
 *
 * @param imageKey the upload's S3 key ({@code uploads/{lookId}.{ext}}), or {@code null} while a
 *     PENDING look has no upload yet
 * @param width the decoded photo's width in pixels (0 before detection)
 * @param items empty before DETECTED; every item has a vector once EMBEDDED
 * @param failureReason a sentence for a person when FAILED, otherwise {@code null}
 * @param expiresAt when DynamoDB's TTL may delete the row
 */
public record Look(
    String lookId,
    LookStatus status,
    String imageKey,
    int width,
    int height,
    List<LookItem> items,
    String failureReason,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt) {

  public Look {
    LookIds.check(lookId);
    Objects.requireNonNull(status, "status");
    items = List.copyOf(items);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
