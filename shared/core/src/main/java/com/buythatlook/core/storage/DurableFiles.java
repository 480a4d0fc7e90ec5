package com.buythatlook.core.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a file whole, so that a reader or a crash sees the old content or the new one, never a
 * mix or an empty file: the bytes go to a temporary file beside the target (one file system, so the
 * rename is atomic), are forced to disk, then renamed over the target.
 */
public final class DurableFiles {
  private DurableFiles() {}

  /** Writes the new content to the stream it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * @param tempSuffix ends the temporary file's name, so that listings can skip such files
   * @throws IOException when writing or renaming fails; the temporary file is removed then
   */
  public static void replace(Path file, String tempSuffix, Content content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + tempSuffix);
    try {
      try (FileChannel ch =
              FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "the file system of "
                + dir
                + " cannot rename files atomically;"
                + " keep the data folder on a local disk",
            e);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
