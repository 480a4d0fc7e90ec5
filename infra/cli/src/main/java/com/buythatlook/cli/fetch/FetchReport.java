package com.buythatlook.cli.fetch;

import com.buythatlook.cli.fetch.Outcome.Status;
import com.buythatlook.cli.fetch.Outcome.UriFailure;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of a run: one outcome per distinct photo. Written as {@code fetch-report.json} so that
 * the failures can be looked at, counted or fed to another tool after the run.
 *
 * @param rows rows of photos.txt that were read (after --limit)
 */
record FetchReport(int rows, List<Outcome> outcomes, Duration elapsed) {
  static final String FILE_NAME = "fetch-report.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  FetchReport {
    outcomes = List.copyOf(outcomes);
  }

  long count(Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  List<Outcome> failures() {
    return outcomes.stream()
        .filter(o -> o.status() == Status.FAILED)
        .sorted(Comparator.comparingLong(Outcome::photoId))
        .toList();
  }

  /** 0 when every photo is on disk, 1 when some failed (the report lists them). */
  int exitCode() {
    return count(Status.FAILED) == 0 ? 0 : 1;
  }

  /**
   * Failures counted by kind, most frequent first: the reason up to its first colon, so that "not
   * an image: an HTML page" and "not an image: JSON text" count together.
   */
  Map<String, Long> failureKinds() {
    Map<String, Long> counts =
        failures().stream()
            .map(o -> kind(o.failures().get(0).reason()))
            .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }

  private static String kind(String reason) {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }

  ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("ok", count(Status.FETCHED));
    root.put("failed", count(Status.FAILED));
    root.put("skipped_existing", count(Status.SKIPPED_EXISTING));
    root.put("photos", outcomes.size());
    root.put("rows", rows);
    ArrayNode failures = root.putArray("failures");
    for (Outcome o : failures()) {
      // The first URI tried is the photo's failure; any further URIs the photo had follow it.
      UriFailure first = o.failures().get(0);
      ObjectNode f = failures.addObject();
      f.put("photo", o.photoId());
      f.put("uri", first.uri());
      f.put("reason", first.reason());
      f.put("attempts", first.attempts());
      if (o.failures().size() > 1) {
        ArrayNode others = f.putArray("other_uris");
        for (UriFailure other : o.failures().subList(1, o.failures().size())) {
          others
              .addObject()
              .put("uri", other.uri())
              .put("reason", other.reason())
              .put("attempts", other.attempts());
        }
      }
    }
    return root;
  }

  /** Writes the report next to the images, atomically so a reader never sees half of it. */
  Path write(Path root) throws IOException {
    Path file = root.resolve(FILE_NAME);
    Path part = root.resolve(FILE_NAME + ".part");
    JSON.writeValue(part.toFile(), toJson());
    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
