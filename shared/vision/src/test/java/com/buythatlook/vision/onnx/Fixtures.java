package com.buythatlook.vision.onnx;

import com.buythatlook.core.image.RgbImage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The tiny model folders written by {@code src/test/python/make_test_models.py}, and helpers to
 * make broken copies of them.
 */
public final class Fixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** {@code src/test/resources/models/NAME} as a folder on disk. */
  public static Path model(String name) {
    URL url = Fixtures.class.getResource("/models/" + name + "/model.json");
    if (url == null) {
      throw new IllegalStateException("no fixture model " + name);
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of fixture {@code name} under {@code dir}, free to break. */
  public static Path copy(String name, Path dir) {
    Path target = dir.resolve(name);
    try {
      Files.createDirectories(target);
      try (Stream<Path> files = Files.list(model(name))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, target.resolve(f.getFileName()));
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites {@code dir/model.json} after {@code edit} changed its tree. */
  public static void editManifest(Path dir, Consumer<ObjectNode> edit) {
    try {
      Path file = dir.resolve("model.json");
      ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
      edit.accept(root);
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code width × height} image of one colour. */
  public static RgbImage solid(int width, int height, int r, int g, int b) {
    byte[] px = new byte[width * height * 3];
    for (int i = 0; i < width * height; i++) {
      px[3 * i] = (byte) r;
      px[3 * i + 1] = (byte) g;
      px[3 * i + 2] = (byte) b;
    }
    return new RgbImage(width, height, px);
  }
}
