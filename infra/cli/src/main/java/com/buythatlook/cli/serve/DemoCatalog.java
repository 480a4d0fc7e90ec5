package com.buythatlook.cli.serve;

import static com.buythatlook.core.catalog.DynamoProductStore.CATALOG_PREFIX;

import com.buythatlook.batch.IndexJob;
import com.buythatlook.cli.generate.GenerateCommand;
import com.buythatlook.core.catalog.DynamoProductStore;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.dataset.Street2ShopDataset;
import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.progress.ProgressReporter;
import com.buythatlook.core.storage.BlobStore;
import com.buythatlook.core.storage.S3BlobStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;

/**
 * What {@code btl demo} adds to {@code btl serve}: a catalog to search. Each step is skipped when
 * its result is already there, and each can be cut short and run again, so an interrupted first
 * start finishes on the next one:
 *
 * <ol>
 *   <li>generate a small synthetic data set into {@code {data}/dataset/} ({@code btl generate} with
 *       the sizes below), marked complete only at the end;
 *   <li>upload its product images to {@code catalog/images/…} and then {@code
 *       catalog/products.jsonl} to the bucket, through the S3 API (the file last, so its presence
 *       means the images are there);
 *   <li>index the catalog from the bucket into the bucket's {@code index/} with the index job,
 *       which resumes a half-done version and publishes {@code index/CURRENT} last.
 * </ol>
 *
 * <p>The bucket keeps the keys of docs/architecture.md ({@code catalog/products.jsonl}, {@code
 * catalog/images/…}, product image paths relative to {@code catalog/}); the index job reads that
 * layout when pointed at the bucket's {@code catalog/} prefix, as the batch job is.
 */
final class DemoCatalog {
  /**
   * 30 products in each of the 11 categories with their shop photos, and 40 street photos (12 in
   * the test split, the demo photos): generated and indexed in well under a minute on two cores,
   * yet enough products per category for six matches under a price or brand filter.
   */
  static final int PRODUCTS_PER_CATEGORY = 30;

  static final int STREET_PHOTOS = 40;
  static final long SEED = 42;

  /**
   * The catalog's key in the bucket: {@code products.jsonl} under {@link
   * DynamoProductStore#CATALOG_PREFIX}, the same path as in a data set folder.
   */
  static final String PRODUCTS_KEY = Layout.PRODUCTS_JSONL;

  private static final int UPLOAD_THREADS = 4;

  private final int productsPerCategory;
  private final int streetPhotos;
  private final PrintWriter log;

  DemoCatalog(int productsPerCategory, int streetPhotos, PrintWriter log) {
    this.productsPerCategory = productsPerCategory;
    this.streetPhotos = streetPhotos;
    this.log = log;
  }

  /** Runs the steps that are not done yet. */
  void prepare(DataDir dir, S3BlobStore bucket, Embedder embedder) throws IOException {
    if (bucket.exists(IndexKeys.CURRENT)) {
      return;
    }
    if (!bucket.exists(PRODUCTS_KEY)) {
      if (!Files.exists(dir.datasetComplete())) {
        generate(dir);
      }
      upload(dir.dataset(), bucket);
    }
    index(bucket, embedder);
  }

  private void generate(DataDir dir) throws IOException {
    long t0 = System.nanoTime();
    log.printf(
        Locale.ROOT,
        "demo: generating a synthetic catalog (%d products per category, %d"
            + " street photos) into %s%n",
        productsPerCategory,
        streetPhotos,
        dir.dataset());
    log.flush();
    CommandLine generate = new CommandLine(new GenerateCommand());
    generate.setOut(log);
    generate.setErr(log);
    int rc =
        generate.execute(
            "--out",
            dir.dataset().toString(),
            "--seed",
            Long.toString(SEED),
            "--products-per-category",
            Integer.toString(productsPerCategory),
            "--street-photos",
            Integer.toString(streetPhotos),
            // a folder without the marker is an earlier attempt that was cut short
            "--overwrite");
    if (rc != 0) {
      throw new IOException(
          "generating the demo data set failed (exit status "
              + rc
              + "; see"
              + " above); delete "
              + dir.dataset()
              + " and start again");
    }
    Files.writeString(dir.datasetComplete(), "btl generate --seed " + SEED + "\n");
    log.printf(Locale.ROOT, "demo: data set generated in %.1f s%n", secondsSince(t0));
  }

  private void upload(Path dataset, BlobStore bucket) throws IOException {
    long t0 = System.nanoTime();
    Path productsFile = dataset.resolve(Layout.PRODUCTS_JSONL);
    List<Product> products = Street2ShopDataset.open(dataset).products();
    if (products.isEmpty()) {
      throw new IOException(
          productsFile
              + " lists no products; delete "
              + dataset
              + " and start again to generate a new data set");
    }
    // a few PUTs in flight at once: each is a round trip with a file write behind it
    ExecutorService pool =
        Executors.newFixedThreadPool(
            UPLOAD_THREADS,
            r -> {
              Thread t = new Thread(r, "btl-demo-upload");
              t.setDaemon(true);
              return t;
            });
    List<Future<?>> puts = new ArrayList<>();
    try {
      for (Product p : products) {
        if (p.image() == null || p.image().isBlank()) {
          continue;
        }
        Path file = dataset.resolve(p.image()).normalize();
        if (!file.startsWith(dataset) || !Files.isRegularFile(file)) {
          log.println(
              "demo: product "
                  + p.productId()
                  + " has no image at "
                  + file
                  + "; it will be left out of the index");
          continue;
        }
        puts.add(
            pool.submit(
                () -> {
                  bucket.put(CATALOG_PREFIX + p.image(), Files.readAllBytes(file));
                  return null;
                }));
      }
      for (Future<?> f : puts) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io
          ? io
          : new IOException("uploading the demo catalog failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading the demo catalog", e);
    } finally {
      pool.shutdownNow();
    }
    int images = puts.size();
    bucket.put(PRODUCTS_KEY, Files.readAllBytes(productsFile));
    log.printf(
        Locale.ROOT,
        "demo: uploaded %d products and %d images to %s in %.1f s%n",
        products.size(),
        images,
        bucket.describe() + CATALOG_PREFIX,
        secondsSince(t0));
  }

  private void index(S3BlobStore bucket, Embedder embedder) throws IOException {
    int workers = Runtime.getRuntime().availableProcessors();
    // btl index's defaults
    IndexJob.Config config =
        new IndexJob.Config(
            bucket.under(CATALOG_PREFIX),
            bucket,
            null,
            null,
            workers,
            IndexJob.DEFAULT_BATCH_SIZE,
            IndexJob.DEFAULT_CHUNK_SIZE,
            (long) IndexJob.DEFAULT_SHARD_MB << 20,
            IndexJob.DEFAULT_INT8);
    IndexJob.Result r =
        new IndexJob(
                config, embedder, IndexJob.servingDecoder(), log, ProgressReporter.isTerminal())
            .run();
    log.printf(
        Locale.ROOT,
        "demo: indexed %d products (%d failed) as version %s in %.1f s%n",
        r.products(),
        r.failures().size(),
        r.version(),
        r.seconds());
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
