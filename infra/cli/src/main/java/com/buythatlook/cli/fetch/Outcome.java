package com.buythatlook.cli.fetch;

import java.nio.file.Path;
import java.util.List;

/**
 * What became of one photo.
 *
 * @param file the image on disk, or null when the photo failed
 * @param failures one per URI that did not work, in the order tried; for a photo that was fetched
 *     from a later URI these are the ones that failed before it
 */
record Outcome(long photoId, Status status, Path file, List<UriFailure> failures) {
  enum Status {
    FETCHED,
    SKIPPED_EXISTING,
    FAILED
  }

  /**
   * Why one URI of a photo did not give an image.
   *
   * @param attempts requests made before giving up (1 when the failure was not worth a retry)
   */
  record UriFailure(String uri, String reason, int attempts) {}

  Outcome {
    failures = List.copyOf(failures);
  }

  static Outcome fetched(long photoId, Path file, List<UriFailure> failuresBefore) {
    return new Outcome(photoId, Status.FETCHED, file, failuresBefore);
  }

  static Outcome skipped(long photoId, Path file) {
    return new Outcome(photoId, Status.SKIPPED_EXISTING, file, List.of());
  }

  static Outcome failed(long photoId, List<UriFailure> failures) {
    return new Outcome(photoId, Status.FAILED, null, failures);
  }
}
