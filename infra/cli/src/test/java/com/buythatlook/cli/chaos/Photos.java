package com.buythatlook.cli.chaos;

import com.buythatlook.cli.Btl;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * The photos looks are made of: synthetic street photos from {@code btl generate} (test split
 * first, then train, in photo id order), reused across looks so that inference time stays
 * reasonable, plus two uploads no photo can come of, so that FAILED looks are part of every run:
 * bytes that are no image under {@code .jpg}, and a {@code .gif}.
 */
final class Photos {
  /** One thing a client may upload. */
  record Photo(String id, String extension, byte[] bytes) {
    boolean usable() {
      return !id.startsWith("bad-");
    }
  }

  /** The seed of the generated set: not 42, which the default models were trained on. */
  static final long GENERATOR_SEED = 7;

  final List<Photo> usable;
  final List<Photo> unusable;

  private Photos(List<Photo> usable, List<Photo> unusable) {
    this.usable = usable;
    this.unusable = unusable;
  }

  /**
   * Opens the data set in {@code dir}, generating it first when it has none, and takes {@code
   * count} of its street photos.
   */
  static Photos load(Path dir, int count) throws IOException {
    if (!Files.isDirectory(dir.resolve("meta"))) {
      generate(dir, count);
    }
    Street2ShopDataset dataset = Street2ShopDataset.open(dir);
    List<Photo> usable = new ArrayList<>();
    for (Split split : new Split[] {Split.TEST, Split.TRAIN}) {
      for (long id : new TreeSet<>(dataset.streetPhotos(split).keySet())) {
        if (usable.size() == count) {
          break;
        }
        Path file = dataset.image(id).orElse(null);
        if (file != null) {
          String name = file.getFileName().toString();
          String ext = name.substring(name.lastIndexOf('.') + 1);
          usable.add(new Photo("p" + id, ext, Files.readAllBytes(file)));
        }
      }
    }
    if (usable.size() < count) {
      throw new IllegalStateException(
          dir
              + " has "
              + usable.size()
              + " street photos; "
              + count
              + " are wanted: point --photos at an empty folder to generate them");
    }
    byte[] noise = new byte[20_000];
    new SplittableRandom(GENERATOR_SEED).nextBytes(noise);
    List<Photo> unusable =
        List.of(
            new Photo("bad-not-an-image", "jpg", noise),
            new Photo(
                "bad-gif", "gif", "GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    return new Photos(List.copyOf(usable), unusable);
  }

  private static void generate(Path dir, int count) {
    StringWriter out = new StringWriter();
    CommandLine btl = Btl.commandLine();
    btl.setOut(new PrintWriter(out));
    btl.setErr(new PrintWriter(out));
    // 30 % of street photos are test photos; train ones fill up when there are too few
    int street = Math.max(4, (int) Math.ceil(count / 0.3));
    int rc =
        btl.execute(
            "generate",
            "--out",
            dir.toString(),
            "--seed",
            Long.toString(GENERATOR_SEED),
            "--products-per-category",
            "3",
            "--street-photos",
            Integer.toString(street),
            "--threads",
            "2");
    if (rc != 0) {
      throw new IllegalStateException("btl generate failed: " + out);
    }
  }
}
