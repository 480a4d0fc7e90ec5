package com.buythatlook.cli.generate;

import java.nio.file.Path;

/**
 * What to generate and where.
 *
 * @param threads render workers; the output does not depend on it
 */
record GeneratorSettings(
    Path out,
    long seed,
    int threads,
    int productsPerCategory,
    int streetPhotos,
    boolean overwrite) {}
