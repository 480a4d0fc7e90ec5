package com.buythatlook.cli.serve;

import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The photos the web page offers to try: street photos of the synthetic data set's test split,
 * whose products are in the catalog but which no model saw in training. Empty when the data folder
 * has no data set (a {@code btl serve} on a catalog of one's own).
 */
final class DemoPhotos {
  static final int MAX_PHOTOS = 12;
  private static final Logger LOG = LoggerFactory.getLogger(DemoPhotos.class);
  private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

  private final Map<String, Path> files;

  private DemoPhotos(Map<String, Path> files) {
    this.files = files;
  }

  static DemoPhotos none() {
    return new DemoPhotos(Map.of());
  }

  /** The first {@value #MAX_PHOTOS} test street photos by id that are JPEG files on disk. */
  static DemoPhotos from(Path dataset) {
    if (!Files.isDirectory(dataset)) {
      return none();
    }
    Street2ShopDataset ds;
    try {
      ds = Street2ShopDataset.open(dataset);
    } catch (RuntimeException e) {
      LOG.warn("no demo photos: {}", e.getMessage());
      return none();
    }
    Map<String, Path> out = new LinkedHashMap<>();
    ds.streetPhotos(Split.TEST).keySet().stream()
        .sorted()
        .forEach(
            id -> {
              if (out.size() < MAX_PHOTOS) {
                ds.image(id)
                    .filter(p -> p.getFileName().toString().endsWith(".jpg"))
                    .ifPresent(p -> out.put(Long.toString(id), p));
              }
            });
    return new DemoPhotos(Collections.unmodifiableMap(out));
  }

  List<String> ids() {
    return List.copyOf(files.keySet());
  }

  /** The photo's file; empty for an unknown or malformed id. */
  Optional<Path> file(String id) {
    return id != null && ID.matcher(id).matches()
        ? Optional.ofNullable(files.get(id))
        : Optional.empty();
  }
}
