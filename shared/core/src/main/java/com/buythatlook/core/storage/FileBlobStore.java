package com.buythatlook.core.storage;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} over a local folder. Writes go to a temporary file that is renamed over the
 * key, so a reader (or a crash) never sees half an object — the same guarantee S3 gives.
 */
public final class FileBlobStore implements BlobStore {
  private final Path root;

  public FileBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  Path path(String key) {
    if (key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
      throw new IllegalArgumentException("invalid key: " + key);
    }
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("key escapes the store: " + key);
    }
    return p;
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(path(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    Path target = path(key);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(path(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Path p = path(key);
    Files.deleteIfExists(p);
    // S3 has no folders: drop the ones the key leaves empty so the two stores look alike
    for (Path dir = p.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          break;
        }
      } catch (NoSuchFileException e) {
        continue;
      }
      Files.deleteIfExists(dir);
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    Path base = root;
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(base)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(
              k -> k.startsWith(prefix) && !k.substring(k.lastIndexOf('/') + 1).startsWith(".put-"))
          .sorted()
          .toList();
    }
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
