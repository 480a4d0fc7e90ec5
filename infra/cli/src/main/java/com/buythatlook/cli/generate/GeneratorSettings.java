package com.buythatlook.cli.generate;

import java.nio.file.Path;

/**
 * What to generate and where.
 *
 * @param threads render workers; the output does not depend on it
 * @param backgrounds a folder of real photographs to compose scenes over, or null
 * @param backgroundShare the share of street photos composed over a real photograph (the others get
 *     the synthetic scenery)
 */
record GeneratorSettings(
    Path out,
    long seed,
    int threads,
    int productsPerCategory,
    int streetPhotos,
    boolean overwrite,
    Path backgrounds,
    double backgroundShare) {

  /** Real photographs behind the people, and the wider street-photo variations with them. */
  boolean street() {
    return backgrounds != null;
  }
}
