package com.buythatlook.cli.generate;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.core.dataset.Layout;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Readies the folder a data set is generated into. A non-empty folder is refused unless the user
 * asks to overwrite; then the files of a previous generation are deleted (so no stale image or row
 * survives) and anything else the user keeps there is left alone.
 */
final class OutputFolder {
  private static final Pattern IMAGE = Pattern.compile("\\d{9,}\\.jpg(\\.part)?");
  private static final Pattern META =
      Pattern.compile("(train_pairs|test_pairs|retrieval)_\\w+\\.json");

  private OutputFolder() {}

  static void prepare(Path dir, boolean overwrite) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserError(dir + " is a file, not a folder; give --out a folder to write into");
    }
    if (Files.isDirectory(dir)) {
      long entries;
      try (Stream<Path> s = Files.list(dir)) {
        entries = s.count();
      }
      if (entries > 0) {
        if (!overwrite) {
          throw new UserError(
              dir
                  + " is not empty ("
                  + entries
                  + (entries == 1 ? " entry" : " entries")
                  + "); pass --overwrite to replace the data set in it, or choose a new or empty"
                  + " folder with --out");
        }
        clear(dir);
      }
    }
    Files.createDirectories(dir);
  }

  private static void clear(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(Layout.PHOTOS_TXT));
    Files.deleteIfExists(dir.resolve(Layout.PRODUCTS_JSONL));
    deleteMatching(dir.resolve(Layout.META_DIR), META);
    deleteMatching(dir.resolve(Layout.IMAGES_DIR), IMAGE);
  }

  /** Streams the folder, so a previous set of a million images is not listed into memory. */
  private static void deleteMatching(Path folder, Pattern names) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path f : files) {
        if (names.matcher(f.getFileName().toString()).matches()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}
