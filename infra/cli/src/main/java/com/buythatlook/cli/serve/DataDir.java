package com.buythatlook.cli.serve;

import com.buythatlook.cli.console.UserError;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * One local runtime's data directory (the layout is in the package comment). Opening it takes an
 * exclusive lock for the life of the process: two runtimes on one directory would deliver each
 * queue message twice and race on every look file.
 */
final class DataDir implements AutoCloseable {
  /** The one bucket of the local runtime; it holds the same keys as production's bucket. */
  static final String BUCKET = "btl-local";

  private static final String CREDENTIALS_FILE = "s3-credentials";
  private static final String LOCK_FILE = ".lock";

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDir(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates the directory when it does not exist, and locks it.
   *
   * @throws UserError when the path is a file, cannot be created, or another runtime uses it
   */
  static DataDir open(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (FileAlreadyExistsException e) {
      throw new UserError("--data " + dir + " is a file; give a folder (it is created if missing)");
    } catch (IOException e) {
      throw new UserError("cannot create the data folder " + root + ": " + e.getMessage());
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new UserError(inUse(root));
      }
      return new DataDir(root, channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new UserError(inUse(root));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UserError("cannot lock the data folder " + root + ": " + e.getMessage());
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static String inUse(Path root) {
    return "another 'btl serve' or 'btl demo' is using "
        + root
        + "; stop it first, or give"
        + " another --data folder";
  }

  Path root() {
    return root;
  }

  /** S3Proxy's filesystem root: one folder per bucket. */
  Path s3Root() {
    return root.resolve("s3");
  }

  Path looks() {
    return root.resolve("looks");
  }

  Path productsFile() {
    return root.resolve("products.jsonl");
  }

  Path queue() {
    return root.resolve("queue");
  }

  /** Upload events whose detect invocations failed three times (Lambda's on-failure records). */
  Path failedEvents() {
    return root.resolve("failed-events");
  }

  /** The synthetic data set {@code btl demo} generates; its test photos are the demo photos. */
  Path dataset() {
    return root.resolve("dataset");
  }

  /** Written once the data set is complete, so a generation cut short is redone. */
  Path datasetComplete() {
    return root.resolve("dataset.complete");
  }

  /**
   * The embedded S3 server's key pair: created once with random values and kept (owner-only), so
   * that a restarted runtime accepts what it signed before and nothing else on the machine does.
   */
  S3Credentials credentials() {
    Path file = root.resolve(CREDENTIALS_FILE);
    try {
      if (!Files.exists(file)) {
        writeNewCredentials(file);
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      String id = p.getProperty("accessKeyId", "").strip();
      String secret = p.getProperty("secretAccessKey", "").strip();
      if (id.isEmpty() || secret.isEmpty()) {
        throw new UserError(
            file
                + " lacks accessKeyId or secretAccessKey; delete it and start"
                + " again to get a new pair");
      }
      return new S3Credentials(id, secret);
    } catch (IOException e) {
      throw new UserError("cannot read or create " + file + ": " + e.getMessage());
    }
  }

  private static void writeNewCredentials(Path file) throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] id = new byte[10];
    byte[] secret = new byte[30];
    random.nextBytes(id);
    random.nextBytes(secret);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp); // not a POSIX file system: the folder's own permissions apply
    }
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("# credentials of the embedded S3 server of btl serve; keep private\n");
      w.write(
          "accessKeyId=BTL"
              + HexFormat.of().formatHex(id).toUpperCase(java.util.Locale.ROOT)
              + "\n");
      w.write("secretAccessKey=" + HexFormat.of().formatHex(secret) + "\n");
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the lock goes with the channel anyway
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // nothing to do: the process is giving the folder up
      }
    }
  }

  /** An access key pair for the embedded S3 server. */
  record S3Credentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "S3Credentials[" + accessKeyId + ", secret hidden]";
    }
  }
}
