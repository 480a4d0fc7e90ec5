package com.buythatlook.cli.generate;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.DatasetWriter;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.dataset.ShopPhoto;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.progress.ProgressReporter;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generates a whole data set: plans the catalogue, renders shop photos then street photos on a pool
 * of workers, and writes every metadata row from this thread in id order. Each image is a pure
 * function of (seed, index), so the files are byte-identical whatever the thread count. Images go
 * straight to disk and rows are streamed, so memory does not grow with the data set.
 */
final class DatasetGenerator {
  /** Shop photos are numbered from here, street photos from {@link #FIRST_STREET_PHOTO_ID}. */
  static final long FIRST_SHOP_PHOTO_ID = 1;

  static final long FIRST_STREET_PHOTO_ID = 500_000_000L;

  /** Tasks in flight per worker: enough to keep workers busy while rows are written. */
  private static final int WINDOW_PER_THREAD = 16;

  private final GeneratorSettings settings;
  private final PrintWriter log;

  DatasetGenerator(GeneratorSettings settings, PrintWriter log) {
    this.settings = settings;
    this.log = log;
  }

  GenerationSummary run() throws Exception {
    long start = System.nanoTime();
    Path root = settings.out();
    OutputFolder.prepare(root, settings.overwrite());
    Catalog catalog = Catalog.plan(settings.seed(), settings.productsPerCategory());
    if (FIRST_SHOP_PHOTO_ID + catalog.shopPhotoCount() >= FIRST_STREET_PHOTO_ID
        || catalog.productCount() > Integer.MAX_VALUE) {
      throw new UserError(
          "--products-per-category "
              + settings.productsPerCategory()
              + " makes "
              + catalog.shopPhotoCount()
              + " shop photos; at most "
              + (FIRST_STREET_PHOTO_ID - 1)
              + " fit below the street photo ids; use fewer products");
    }
    log.printf(
        Locale.ROOT,
        "generating %d products (%d shop photos) and %d street photos into %s"
            + " (seed %d, %d threads)%n",
        catalog.productCount(),
        catalog.shopPhotoCount(),
        settings.streetPhotos(),
        root,
        settings.seed(),
        settings.threads());
    log.flush();
    GenerationSummary summary = new GenerationSummary();
    ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), workers());
    try (DatasetWriter writer = new DatasetWriter(root)) {
      writeCatalog(pool, catalog, writer, summary);
      writeStreetPhotos(pool, catalog, writer, summary);
    } finally {
      pool.shutdownNow();
    }
    summary.finish((System.nanoTime() - start) / 1e9);
    return summary;
  }

  private record ShopResult(ProductSpec product, long firstPhotoId) {}

  private record StreetResult(long photoId, Split split, Path file, List<StreetItem> items) {}

  private void writeCatalog(
      ExecutorService pool, Catalog catalog, DatasetWriter writer, GenerationSummary summary)
      throws Exception {
    Path root = settings.out();
    long seed = settings.seed();
    ProgressReporter progress =
        new ProgressReporter(
            log, "shop photos", "img", catalog.shopPhotoCount(), ProgressReporter.isTerminal());
    long[] nextPhotoId = {FIRST_SHOP_PHOTO_ID};
    OrderedParallel.run(
        pool,
        (int) catalog.productCount(),
        settings.threads() * WINDOW_PER_THREAD,
        i -> {
          ProductSpec product = catalog.product(i + 1L);
          long first = nextPhotoId[0];
          nextPhotoId[0] += product.shopPhotoCount();
          return () -> {
            for (int view = 0; view < product.shopPhotoCount(); view++) {
              BufferedImage image =
                  ShopPhotoRenderer.render(
                      product,
                      view,
                      Seeds.random(seed, Seeds.Purpose.SHOP_PHOTO, product.productId(), view));
              Images.writeJpeg(
                  image, ShopPhotoRenderer.QUALITY, Layout.imageFile(root, first + view, "jpg"));
            }
            return new ShopResult(product, first);
          };
        },
        (i, r) -> {
          ProductSpec p = r.product();
          writer.product(p.toProduct(Layout.relativeJpeg(r.firstPhotoId())));
          for (int view = 0; view < p.shopPhotoCount(); view++) {
            long id = r.firstPhotoId() + view;
            writer.shopPhoto(new ShopPhoto(id, p.productId(), p.category()));
            writer.localPhoto(id, Layout.imageFile(root, id, "jpg"));
          }
          summary.product(p.category(), p.split(), p.shopPhotoCount());
          progress.step(p.shopPhotoCount());
        });
    progress.finish();
  }

  private void writeStreetPhotos(
      ExecutorService pool, Catalog catalog, DatasetWriter writer, GenerationSummary summary)
      throws Exception {
    Path root = settings.out();
    StreetSplits splits = new StreetSplits(settings.seed());
    RealBackgrounds backgrounds = null;
    if (settings.street()) {
      backgrounds = RealBackgrounds.load(settings.backgrounds());
      log.printf(
          Locale.ROOT,
          "composing %.0f%% of the street photos over %d real photographs from %s%n",
          settings.backgroundShare() * 100,
          backgrounds.size(),
          settings.backgrounds());
      log.flush();
    }
    StreetPhotoRenderer renderer =
        new StreetPhotoRenderer(settings.seed(), catalog, backgrounds, settings.backgroundShare());
    ProgressReporter progress =
        new ProgressReporter(
            log, "street photos", "img", settings.streetPhotos(), ProgressReporter.isTerminal());
    OrderedParallel.run(
        pool,
        settings.streetPhotos(),
        settings.threads() * WINDOW_PER_THREAD,
        i -> {
          long photoId = FIRST_STREET_PHOTO_ID + i;
          Split split = splits.split(i);
          Category required = splits.requiredCategory(i);
          Path file = Layout.imageFile(root, photoId, "jpg");
          return () ->
              new StreetResult(
                  photoId, split, file, renderer.render(i, photoId, split, required, file));
        },
        (i, r) -> {
          writer.localPhoto(r.photoId(), r.file());
          summary.streetPhoto(r.split());
          for (StreetItem item : r.items()) {
            writer.pair(r.split(), item);
            summary.streetItem(item.category(), r.split());
          }
          progress.step(1);
        });
    progress.finish();
  }

  private static ThreadFactory workers() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "btl-generate-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
