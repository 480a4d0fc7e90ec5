package com.buythatlook.vision.onnx;

import com.buythatlook.core.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where a function's model comes from: the folder bundled in its deployment package by default, or
 * a {@code models/{name}/{version}/} prefix in the bucket (docs/architecture.md), downloaded once
 * per container into a local cache folder. Swapping models is then an upload plus an environment
 * change, without a new zip. The manifest's sha256 is checked when the model is opened, so a
 * half-downloaded file is refused rather than run.
 */
public final class ModelLocation {
  private static final Pattern PREFIX = Pattern.compile("models/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/?");

  /** Where a function keeps the models it downloads: Lambda's writable /tmp. */
  public static final Path CACHE_ROOT = Path.of("/tmp/btl-models");

  private ModelLocation() {}

  /**
   * The model a function runs: the bucket prefix in its {@code {NAME}_MODEL} setting (e.g. {@code
   * DETECTOR_MODEL}), downloaded into {@link #CACHE_ROOT}, or when that is blank the bundled folder
   * {@code models/{name}}.
   *
   * @param name the model's name: {@code detector} or {@code embedder}
   */
  public static Path forFunction(UnaryOperator<String> env, String name, BlobStore bucket) {
    return resolve(env.apply(setting(name)), () -> bundled(name), bucket, CACHE_ROOT);
  }

  /**
   * @param setting the environment setting: blank for the bundled model, otherwise a key prefix
   *     {@code models/{name}/{version}/} in {@code bucket}
   * @param bundled the folder shipped with the code; asked for only when {@code setting} is blank,
   *     so a bucket model neither unpacks nor needs the bundled one
   * @param cacheRoot where downloaded models are kept (under /tmp on Lambda)
   */
  public static Path resolve(
      String setting, Supplier<Path> bundled, BlobStore bucket, Path cacheRoot) {
    if (setting == null || setting.isBlank()) {
      return bundled.get();
    }
    String prefix = setting.strip();
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalStateException(
          "a model setting is a bucket prefix like models/detector/1.0/, got '" + prefix + "'");
    }
    if (!prefix.endsWith("/")) {
      prefix += "/";
    }
    Path dir = cacheRoot.resolve(prefix);
    try {
      Files.createDirectories(dir);
      download(bucket, prefix, ModelManifest.FILE_NAME, dir);
      download(bucket, prefix, ModelManifest.read(dir).file(), dir);
    } catch (IOException e) {
      throw new UncheckedIOException("downloading the model under " + prefix, e);
    }
    return dir;
  }

  private static void download(BlobStore bucket, String prefix, String name, Path dir)
      throws IOException {
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      return;
    }
    byte[] bytes =
        bucket
            .get(prefix + name)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no "
                            + name
                            + " under "
                            + bucket.describe()
                            + prefix
                            + ": upload the model folder there or unset the setting"));
    Path part = Files.createTempFile(dir, name, ".part");
    Files.write(part, bytes);
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The model folder {@code models/{name}} on the classpath: the deployment package's root on
   * Lambda (where it is a plain folder under /var/task), {@code target/classes} in a build. A
   * folder inside a jar is copied out to a temporary folder first, since ONNX Runtime opens files.
   */
  public static Path bundled(String name) {
    String base = "models/" + name + "/";
    java.net.URL manifest =
        ModelLocation.class.getClassLoader().getResource(base + ModelManifest.FILE_NAME);
    if (manifest == null) {
      throw new IllegalStateException(
          "no bundled model "
              + base
              + " on the classpath: set the "
              + setting(name)
              + " setting to a models/ prefix");
    }
    try {
      if ("file".equals(manifest.getProtocol())) {
        return Path.of(manifest.toURI()).getParent();
      }
      Path dir = Files.createTempDirectory("btl-model-" + name);
      try (var in = manifest.openStream()) {
        Files.copy(in, dir.resolve(ModelManifest.FILE_NAME));
      }
      String file = ModelManifest.read(dir).file();
      try (var in = ModelLocation.class.getClassLoader().getResourceAsStream(base + file)) {
        if (in == null) {
          throw new IllegalStateException("bundled model " + base + " lacks " + file);
        }
        Files.copy(in, dir.resolve(file));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("unpacking the bundled model " + base, e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The environment setting that names a bucket model instead of the bundled {@code name}. */
  private static String setting(String name) {
    return name.toUpperCase(Locale.ROOT) + "_MODEL";
  }
}
