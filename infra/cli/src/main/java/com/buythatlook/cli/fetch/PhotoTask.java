package com.buythatlook.cli.fetch;

import com.buythatlook.cli.fetch.Outcome.UriFailure;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.image.ImageFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Fetches one photo. The task owns exactly the files named after its photo id under {@code
 * images/}: its final image and its {@code .part} file. It never deletes anything else, and no
 * other task is given the same id, so a failure here cannot remove an image another photo or row
 * needs (the seed downloader's race).
 */
final class PhotoTask implements Callable<Outcome> {
  private final PhotoJob job;
  private final Path root;
  private final Downloader downloader;
  private final Backoff backoff;
  private final int retries;

  PhotoTask(PhotoJob job, Path root, Downloader downloader, Backoff backoff, int retries) {
    this.job = job;
    this.root = root;
    this.downloader = downloader;
    this.backoff = backoff;
    this.retries = retries;
  }

  /** Bytes that passed {@link ImageCheck}, and their format. */
  private record Image(byte[] bytes, ImageFormat format) {}

  /** The temp file a download goes to before it is renamed to its final name. */
  static Path partFile(Path root, long photoId) {
    return root.resolve(Layout.IMAGES_DIR).resolve(Layout.photoFileStem(photoId) + ".part");
  }

  @Override
  public Outcome call() throws InterruptedException {
    long id = job.photoId();
    Path part = partFile(root, id);
    List<Path> broken = new ArrayList<>();
    try {
      for (String ext : ImageFormat.EXTENSIONS_ON_DISK) {
        Path existing = Layout.imageFile(root, id, ext);
        if (Files.isRegularFile(existing)) {
          if (isCompleteImage(existing)) {
            return Outcome.skipped(id, existing);
          }
          broken.add(existing); // e.g. cut short by an older, non-atomic downloader
        }
      }
      List<UriFailure> failures = new ArrayList<>();
      for (String uri : job.uris()) {
        Image image;
        try {
          image = fetchWithRetries(uri, failures);
        } catch (FetchFailure f) {
          continue; // recorded in failures; try the photo's next URI
        }
        Path target = Layout.imageFile(root, id, image.format().extension());
        try {
          writeAtomically(image.bytes(), part, target);
        } catch (IOException e) {
          failures.add(new UriFailure(uri, "cannot write " + target + ": " + e.getMessage(), 1));
          continue;
        }
        // The photo now has a good file; broken ones under its other extensions would shadow it
        // for readers that try extensions in order. They are this photo's own files.
        for (Path b : broken) {
          if (!b.equals(target)) {
            Files.deleteIfExists(b);
          }
        }
        return Outcome.fetched(id, target, failures);
      }
      return Outcome.failed(id, failures);
    } catch (IOException e) {
      return Outcome.failed(
          id, List.of(new UriFailure(job.uris().get(0), "local file error: " + e.getMessage(), 0)));
    } finally {
      // Whatever happened, a .part left now would be stale; it is this photo's alone to delete.
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // the next run truncates it anyway
      }
    }
  }

  /** Tries one URI up to {@code 1 + retries} times; each give-up is added to {@code failures}. */
  private Image fetchWithRetries(String uri, List<UriFailure> failures)
      throws FetchFailure, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        Downloader.Body body = downloader.get(uri);
        return new Image(body.bytes(), ImageCheck.validate(body.bytes(), body.contentType()));
      } catch (FetchFailure f) {
        if (!f.retryable() || attempt > retries) {
          failures.add(new UriFailure(uri, f.reason(), attempt));
          throw f;
        }
        Thread.sleep(backoff.delay(attempt, f).toMillis());
      }
    }
  }

  private static boolean isCompleteImage(Path file) {
    try {
      if (Files.size(file) > Downloader.MAX_BYTES) {
        return false;
      }
      ImageCheck.validate(Files.readAllBytes(file), null);
      return true;
    } catch (FetchFailure | IOException e) {
      return false;
    }
  }

  /**
   * Writes to the .part file, forces it to disk, then renames it: the final name only ever holds a
   * complete image, even if the run is killed or the machine loses power mid-write. (The bytes were
   * validated in memory: decoding needs them whole anyway.)
   */
  private static void writeAtomically(byte[] bytes, Path part, Path target) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            part,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
