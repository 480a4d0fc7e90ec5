package com.buythatlook.cli.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.batch.IndexJob;
import com.buythatlook.cli.Btl;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.storage.BlobStore;
import com.buythatlook.core.storage.FileBlobStore;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageRejectedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The data the flow tests run on, made in the test: a small synthetic data set from {@code btl
 * generate} (with a seed the default models were not trained on: they saw seed 42), and an index of
 * its catalog built by the batch job with the default embedder.
 */
final class FlowData {
  static final Path DETECTOR = Path.of("../../infra/models/detector");
  static final Path EMBEDDER = Path.of("../../infra/models/embedder");
  static final long SEED = 7;

  private FlowData() {}

  /** Runs {@code btl generate} into {@code dir} and opens the result. */
  static Street2ShopDataset generate(Path dir, int productsPerCategory, int streetPhotos) {
    StringWriter out = new StringWriter();
    CommandLine btl = Btl.commandLine();
    btl.setOut(new PrintWriter(out));
    btl.setErr(new PrintWriter(out));
    int rc =
        btl.execute(
            "generate",
            "--out",
            dir.toString(),
            "--seed",
            Long.toString(SEED),
            "--products-per-category",
            Integer.toString(productsPerCategory),
            "--street-photos",
            Integer.toString(streetPhotos),
            "--threads",
            "2");
    assertThat(rc).as("btl generate: %s", out).isZero();
    return Street2ShopDataset.open(dir);
  }

  /** Indexes the data set's catalog into {@code bucket} (index/{version}/…, index/CURRENT). */
  static IndexJob.Result index(Street2ShopDataset dataset, BlobStore bucket, Embedder embedder)
      throws IOException {
    ImageDecoder decoder = ImageDecoder.withDefaultLimits();
    IndexJob.Config config =
        new IndexJob.Config(
            new FileBlobStore(dataset.root()), bucket, null, null, 2, 32, 512, 256L << 20, true);
    IndexJob.Result r =
        new IndexJob(
                config,
                embedder,
                (bytes, name) -> {
                  try {
                    // the serving path's decoder, as 'btl index' uses it
                    return decoder.decode(bytes);
                  } catch (ImageRejectedException e) {
                    throw new IOException(name + ": " + e.getMessage(), e);
                  }
                },
                new PrintWriter(new StringWriter()),
                false)
            .run();
    assertThat(r.failures()).isEmpty();
    return r;
  }

  /** The test split's street photos with their annotated items, in photo id order. */
  static List<Map.Entry<Long, List<StreetItem>>> testPhotos(Street2ShopDataset dataset) {
    return dataset.streetPhotos(Split.TEST).entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .toList();
  }
}
