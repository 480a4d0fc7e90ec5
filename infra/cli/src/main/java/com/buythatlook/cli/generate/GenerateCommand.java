package com.buythatlook.cli.generate;

import com.buythatlook.cli.console.UserError;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code btl generate}: writes a synthetic data set in street2shop's layout. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes a synthetic street2shop-style data set: products of all 11 categories in families"
          + " that share colours and differ in pattern, shop photos of each product on a plain"
          + " background, and street photos of 1-3 people wearing them in cluttered scenes,"
          + " with boxes and mask polygons for every worn item.",
      "Files: meta/json/{train,test}_pairs_<category>.json, retrieval_<category>.json,"
          + " photos.txt, images/<photo id>.jpg, catalog/products.jsonl.",
      "The same --seed gives byte-identical files, whatever --threads is.",
      ""
    },
    footer = {
      "",
      "The default size (990 products with about 1,500 shop photos, 2,000 street photos, about"
          + " 10,000 annotated items) takes under a minute on two cores; --scale 50 writes about"
          + " 100,000 street photos and 75,000 shop photos in bounded memory.",
      "",
      "Example: btl generate --out data/synth --seed 7",
      "         btl generate --out data/real-bg --seed 31 --backgrounds /tmp/btl-backgrounds/holdout"
    })
public final class GenerateCommand implements Callable<Integer> {
  static final int DEFAULT_PRODUCTS_PER_CATEGORY = 90;
  static final int DEFAULT_STREET_PHOTOS = 2000;

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "data/synth",
      description = "Folder to write the data set into (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description =
          "Random seed; the same seed gives the same data set (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Render workers; the output does not depend on it (default: the number of"
              + " processors).")
  Integer threads;

  @Option(
      names = "--products-per-category",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_PRODUCTS_PER_CATEGORY,
      description =
          "Catalogue products per category, at least 3; about 30%% are held out for the"
              + " test split (default: ${DEFAULT-VALUE}).")
  int productsPerCategory;

  @Option(
      names = "--street-photos",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_STREET_PHOTOS,
      description = "Street photos to render; 30%% are test photos (default: ${DEFAULT-VALUE}).")
  int streetPhotos;

  @Option(
      names = "--scale",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "Multiplies both sizes above, e.g. 0.1 for a quick look or 50 for a large"
              + " set (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(
      names = "--backgrounds",
      paramLabel = "DIR",
      description =
          "Compose the street photos over real photographs from this folder (.jpg, .png;"
              + " random crops, scale, flips, colour jitter), with the wider variations of"
              + " real street photos: people from far away to close up, items cut off by the"
              + " frame, dim to bright light, stronger colour casts, JPEG quality 30-95."
              + " infra/training/collect_backgrounds.sh collects such photographs and splits"
              + " them into train/ and holdout/.")
  Path backgrounds;

  @Option(
      names = "--background-share",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "With --backgrounds: the share of street photos composed over a real photograph;"
              + " the others get the synthetic scenery (default: ${DEFAULT-VALUE}).")
  double backgroundShare;

  @Option(
      names = "--overwrite",
      description =
          "Write into a non-empty folder, deleting the data set files of an earlier"
              + " run there first (other files are kept).")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    DatasetGenerator generator = new DatasetGenerator(settings(), spec.commandLine().getErr());
    GenerationSummary summary = generator.run();
    summary.print(spec.commandLine().getOut(), out);
    return 0;
  }

  GeneratorSettings settings() {
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1 || workers > 1024) {
      throw new UserError("--threads must be between 1 and 1024, got " + workers);
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new UserError("--scale must be a positive number, got " + scale);
    }
    long products = Math.round(productsPerCategory * scale);
    long photos = Math.round(streetPhotos * scale);
    if (products < 3) {
      throw new UserError(
          "--products-per-category (times --scale) must be at least 3, so that"
              + " each category has train and test products; got "
              + products);
    }
    if (photos < 1) {
      throw new UserError("--street-photos (times --scale) must be at least 1; got " + photos);
    }
    if (products > 5_000_000 || photos > 400_000_000) {
      throw new UserError(
          "at most 5,000,000 products per category and 400,000,000 street photos"
              + " fit in street2shop's 9-digit photo ids; got "
              + products
              + " and "
              + photos);
    }
    if (!(backgroundShare >= 0 && backgroundShare <= 1)) {
      throw new UserError("--background-share must be between 0 and 1, got " + backgroundShare);
    }
    if (backgrounds == null && backgroundShare != 1) {
      throw new UserError("--background-share needs --backgrounds DIR");
    }
    return new GeneratorSettings(
        out,
        seed,
        workers,
        (int) products,
        (int) photos,
        overwrite,
        backgrounds,
        backgrounds == null ? 0 : backgroundShare);
  }
}
