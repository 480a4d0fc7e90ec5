package com.buythatlook.core.look;

import com.buythatlook.core.storage.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The local runtime's {@link LookStore}: one JSON file per look, {@code {dir}/{lookId}.json} (the
 * fields of the DynamoDB item, see {@link DynamoLookStore}), so looks survive a restart and can be
 * read with any editor.
 *
 * <p>Each write is read–check–replace under a lock held for that look, which gives the conditional
 * writes of DynamoDB within one process: of several threads racing to move a look, exactly one wins
 * and the others get {@code false}. The file is replaced by writing a temporary file, forcing it to
 * disk and renaming it over the old one, so a reader (which takes no lock) and a crash both see
 * either the old look or the new one, never half of one.
 *
 * <p>The locks are per process: one process owns the directory (the local runtime). Two processes
 * writing the same looks could both win a race.
 */
public final class FileLookStore implements LookStore {
  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";

  /**
   * Striped rather than one lock per look id, so memory does not grow with the number of looks;
   * static, so two stores opened on the same directory in one process still exclude each other.
   */
  private static final ReentrantLock[] LOCKS = new ReentrantLock[64];

  static {
    for (int i = 0; i < LOCKS.length; i++) {
      LOCKS[i] = new ReentrantLock();
    }
  }

  private final Path dir;

  /**
   * @param dir the directory of the look files; created when missing
   */
  public FileLookStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the looks folder " + dir + ": " + e, e);
    }
  }

  public Path directory() {
    return dir;
  }

  @Override
  public boolean createPending(String lookId, Instant now, Instant expiresAt) {
    LookIds.check(lookId);
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return write(
        LookWrite.CREATE_PENDING,
        lookId,
        absent ->
            new Look(
                lookId,
                LookStatus.PENDING,
                null,
                0,
                0,
                List.of(),
                null,
                now,
                now,
                seconds(expiresAt)));
  }

  @Override
  public Optional<Look> get(String lookId) {
    LookIds.check(lookId);
    return read(lookId);
  }

  @Override
  public boolean markDetected(
      String lookId,
      String imageKey,
      int width,
      int height,
      List<LookItem> items,
      Instant now,
      Instant expiresAt) {
    LookIds.check(lookId);
    Objects.requireNonNull(imageKey, "imageKey");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(expiresAt, "expiresAt");
    LookWrite.checkScores(lookId, items);
    return write(
        LookWrite.MARK_DETECTED,
        lookId,
        current ->
            new Look(
                lookId,
                LookStatus.DETECTED,
                imageKey,
                width,
                height,
                items,
                null,
                current.map(Look::createdAt).orElse(now),
                now,
                seconds(expiresAt)));
  }

  @Override
  public boolean markEmbedded(String lookId, List<LookItem> items, Instant now) {
    LookIds.check(lookId);
    Objects.requireNonNull(now, "now");
    LookWrite.checkEmbedded(lookId, items);
    LookWrite.checkScores(lookId, items);
    return write(
        LookWrite.MARK_EMBEDDED,
        lookId,
        current -> {
          Look c = current.orElseThrow(); // the rule admits only an existing DETECTED look
          return new Look(
              lookId,
              LookStatus.EMBEDDED,
              c.imageKey(),
              c.width(),
              c.height(),
              items,
              null,
              c.createdAt(),
              now,
              c.expiresAt());
        });
  }

  @Override
  public boolean markFailed(
      String lookId, String imageKey, String reason, Instant now, Instant expiresAt) {
    LookIds.check(lookId);
    LookWrite.checkReason(reason);
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return write(
        LookWrite.MARK_FAILED,
        lookId,
        current ->
            new Look(
                lookId,
                LookStatus.FAILED,
                imageKey != null ? imageKey : current.map(Look::imageKey).orElse(null),
                current.map(Look::width).orElse(0),
                current.map(Look::height).orElse(0),
                current.map(Look::items).orElse(List.of()),
                reason,
                current.map(Look::createdAt).orElse(now),
                now,
                seconds(expiresAt)));
  }

  /**
   * Deletes the looks whose {@code expiresAt} has passed, as the table's TTL does in AWS, and
   * temporary files a crash left behind. The local runtime calls it now and then so its folder does
   * not grow without bound.
   *
   * @return how many looks were deleted
   */
  public int deleteExpired(Instant now) {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX)) {
          deleteStaleTemp(f, now);
          continue;
        }
        if (!name.endsWith(SUFFIX)) {
          continue;
        }
        String lookId = name.substring(0, name.length() - SUFFIX.length());
        if (!LookIds.isValid(lookId)) {
          continue;
        }
        ReentrantLock lock = lockFor(lookId);
        lock.lock();
        try {
          Optional<Look> look = read(lookId);
          if (look.isPresent() && !look.get().expiresAt().isAfter(now)) {
            Files.deleteIfExists(f);
            deleted++;
          }
        } catch (LookStoreException unreadable) {
          // left for get() to report, with its file name, when someone asks for that look
        } finally {
          lock.unlock();
        }
      }
    } catch (IOException e) {
      throw new LookStoreException("could not clean up the looks folder " + dir + ": " + e, e);
    }
    return deleted;
  }

  /** A write takes milliseconds: a temporary file an hour old belongs to a write that died. */
  private static void deleteStaleTemp(Path f, Instant now) throws IOException {
    try {
      if (Files.getLastModifiedTime(f).toInstant().isBefore(now.minusSeconds(3600))) {
        Files.deleteIfExists(f);
      }
    } catch (NoSuchFileException goneAlready) {
      // its write finished and renamed it
    }
  }

  private boolean write(LookWrite write, String lookId, Function<Optional<Look>, Look> next) {
    ReentrantLock lock = lockFor(lookId);
    lock.lock();
    try {
      Optional<Look> current = read(lookId);
      if (!write.allows(current)) {
        return false;
      }
      replace(lookId, LookJson.write(next.apply(current)));
      return true;
    } finally {
      lock.unlock();
    }
  }

  private Optional<Look> read(String lookId) {
    Path file = file(lookId);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LookStoreException("could not read look " + lookId + " from " + file + ": " + e, e);
    }
    Look look;
    try {
      look = LookJson.read(bytes);
    } catch (RuntimeException e) {
      throw new LookStoreException(
          file
              + " is not a valid look file ("
              + e.getMessage()
              + "); delete it to forget the"
              + " look",
          e);
    }
    if (!look.lookId().equals(lookId)) {
      throw new LookStoreException(
          file + " holds look " + look.lookId() + ", not " + lookId + "; delete or rename it",
          null);
    }
    return Optional.of(look);
  }

  private void replace(String lookId, byte[] json) {
    Path file = file(lookId);
    try {
      // on disk before the rename makes it visible: a power cut leaves the old look or the new
      // one, not an empty file
      DurableFiles.replace(file, TEMP_SUFFIX, out -> out.write(json));
    } catch (IOException e) {
      throw new LookStoreException("could not write look " + lookId + " to " + file + ": " + e, e);
    }
  }

  private Path file(String lookId) {
    return dir.resolve(lookId + SUFFIX); // safe: the id was checked against [A-Za-z0-9_-]
  }

  private static ReentrantLock lockFor(String lookId) {
    return LOCKS[Math.floorMod(lookId.hashCode(), LOCKS.length)];
  }

  /** DynamoDB keeps expiresAt in whole seconds (the TTL attribute): so does this store. */
  private static Instant seconds(Instant t) {
    return Instant.ofEpochSecond(t.getEpochSecond());
  }

  @Override
  public String toString() {
    return "FileLookStore[" + dir + "]";
  }
}
