package com.buythatlook.cli.eval;

import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.ShopPhoto;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.eval.CocoAveragePrecision;
import com.buythatlook.core.eval.GroundTruth;
import com.buythatlook.core.eval.HitRateCurve;
import com.buythatlook.core.eval.Ranking;
import com.buythatlook.core.eval.RetrievalGallery;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.progress.ProgressReporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The evaluation harness behind {@code btl eval}: runs a detector and an embedder over one split of
 * a street2shop-layout data set and measures
 *
 * <ul>
 *   <li><b>retrieval</b>, DeepFashion2's consumer-to-shop protocol: every street item of the split
 *       is a query; its gallery is every shop photo of its category in the split ({@link
 *       Street2ShopDataset#gallery}); it hits at k when any shop photo of its product is among the
 *       first k by cosine similarity. Once with the query cropped by its annotated box, once by the
 *       detection that finds it: the highest-scoring detection of the same category with IoU ≥
 *       {@value #MATCH_IOU} with the item's box, no such detection being a miss that still counts;
 *   <li><b>detection</b> AP@0.5 and AP@[.5:.95], COCO-style, with every street item of the split as
 *       ground truth.
 * </ul>
 *
 * <p>Shop photos are embedded whole, once each, even when several queries use them; each street
 * photo is decoded once and all its crops are embedded in one call. Both stages run on a fixed
 * thread pool; results are gathered in data set order, so the report does not depend on the number
 * of threads.
 *
 * <p>An image that cannot be decoded is reported on the progress stream and left out (a shop photo
 * from its gallery, a street photo with all its items), rather than failing a long run on one bad
 * file; the counts are printed so that nobody mistakes a partial evaluation for a full one.
 */
public final class Evaluation {
  /** The largest k of the recall curves (the plot's x axis); the table's cut-offs are below it. */
  public static final int MAX_K = 50;

  /** IoU a detection needs with an item's box to stand in for it (DeepFashion2's threshold). */
  public static final double MATCH_IOU = 0.5;

  /** Shop photos per embedder call: batching for model runners, small enough to spread work. */
  private static final int GALLERY_BATCH = 16;

  private final Street2ShopDataset data;
  private final Detector detector;
  private final Embedder embedder;
  private final int threads;
  private final PrintWriter log;

  /**
   * @param threads worker threads for decoding, detecting and embedding
   * @param log where progress and warnings go (stderr for the command)
   */
  public Evaluation(
      Street2ShopDataset data, Detector detector, Embedder embedder, int threads, PrintWriter log) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.data = data;
    this.detector = detector;
    this.embedder = embedder;
    this.threads = threads;
    this.log = log;
  }

  /**
   * Evaluates one split.
   *
   * @throws IllegalArgumentException when the split has no street items whose photo is on disk
   */
  public EvaluationReport run(Split split) throws InterruptedException {
    long start = System.nanoTime();
    Map<Category, List<StreetItem>> queries = new EnumMap<>(Category.class);
    Map<Category, List<ShopPhoto>> galleries = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      List<StreetItem> items = data.pairs(split, c);
      if (!items.isEmpty()) {
        queries.put(c, items); // every item: detection ground truth, and a query if it is one
        galleries.put(c, data.gallery(split, c));
      }
    }
    if (queries.isEmpty()) {
      throw new IllegalArgumentException(
          "the "
              + split.wireName()
              + " split of "
              + data.root()
              + " has no street items whose photo is on disk; check the split name, or run"
              + " 'btl fetch' to download the images");
    }
    if (data.skippedTotal() > 0) {
      log.println("eval: note: rows skipped while reading the data set: " + data.skipped());
    }

    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      Map<Category, RetrievalGallery> embedded = new EnumMap<>(Category.class);
      if (data.hasRetrieval()) {
        embedded = embedGalleries(pool, galleries);
        warnAboutUnanswerableQueries(queries, embedded);
      } else {
        log.println("eval: the data set has no shop photos; measuring detection only");
        for (Category c : queries.keySet()) {
          embedded.put(c, new RetrievalGallery(new long[0], new float[0][]));
        }
      }
      List<PhotoResult> photos = evaluateStreetPhotos(pool, split, embedded);
      return aggregate(split, queries.keySet(), embedded, photos, start);
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<Category, RetrievalGallery> embedGalleries(
      ExecutorService pool, Map<Category, List<ShopPhoto>> galleries) throws InterruptedException {
    // A shop photo id could be listed under several categories; embed it once all the same.
    // A gallery entry with a box (a DeepFashion2 shop item) is that crop of its photo.
    Map<ShopCrop, Path> files = new LinkedHashMap<>();
    for (List<ShopPhoto> g : galleries.values()) {
      for (ShopPhoto p : g) {
        files.computeIfAbsent(ShopCrop.of(p), k -> data.image(k.photoId()).orElseThrow());
      }
    }
    List<ShopCrop> ids = new ArrayList<>(files.keySet());
    log.printf(
        "eval: embedding %d shop photos with %s on %d threads%n",
        ids.size(), embedder.name(), threads);
    ProgressReporter progress =
        new ProgressReporter(log, "eval: shop photos embedded", "img", ids.size(), false);
    List<Callable<Map<ShopCrop, float[]>>> tasks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += GALLERY_BATCH) {
      List<ShopCrop> batch = ids.subList(from, Math.min(ids.size(), from + GALLERY_BATCH));
      tasks.add(() -> embedShopPhotos(batch, files, progress));
    }
    Map<ShopCrop, float[]> vectors = new HashMap<>();
    for (Map<ShopCrop, float[]> part : runAll(pool, tasks)) {
      vectors.putAll(part);
    }
    int unreadable = ids.size() - vectors.size();
    if (unreadable > 0) {
      log.printf(
          "eval: warning: %d shop photos could not be decoded and are left out%n", unreadable);
    }

    Map<Category, RetrievalGallery> out = new EnumMap<>(Category.class);
    for (Map.Entry<Category, List<ShopPhoto>> e : galleries.entrySet()) {
      long[] products = new long[e.getValue().size()];
      List<float[]> rows = new ArrayList<>();
      for (ShopPhoto p : e.getValue()) {
        float[] v = vectors.get(ShopCrop.of(p));
        if (v != null) {
          products[rows.size()] = p.productId();
          rows.add(v);
        }
      }
      out.put(
          e.getKey(),
          new RetrievalGallery(Arrays.copyOf(products, rows.size()), rows.toArray(new float[0][])));
    }
    return out;
  }

  private Map<ShopCrop, float[]> embedShopPhotos(
      List<ShopCrop> batch, Map<ShopCrop, Path> files, ProgressReporter progress) {
    List<ShopCrop> decodedIds = new ArrayList<>();
    List<RgbImage> images = new ArrayList<>();
    for (ShopCrop id : batch) {
      Optional<RgbImage> img = decode(files.get(id), "shop photo");
      if (img.isPresent()) {
        decodedIds.add(id);
        images.add(id.box() == null ? img.get() : img.get().crop(id.box()));
      }
      progress.step();
    }
    float[][] v = images.isEmpty() ? new float[0][] : embedder.embed(images);
    Map<ShopCrop, float[]> out = new HashMap<>();
    for (int i = 0; i < decodedIds.size(); i++) {
      out.put(decodedIds.get(i), v[i]);
    }
    return out;
  }

  private void warnAboutUnanswerableQueries(
      Map<Category, List<StreetItem>> queries, Map<Category, RetrievalGallery> galleries) {
    // Such queries stay in the denominator (the protocol counts every street item), which caps
    // the hit rate below 1; say so, or a partial download reads as a weak model.
    int unanswerable = 0;
    for (Map.Entry<Category, List<StreetItem>> e : queries.entrySet()) {
      RetrievalGallery g = galleries.get(e.getKey());
      for (StreetItem item : e.getValue()) {
        if (item.isQuery() && !g.contains(item.productId())) {
          unanswerable++;
        }
      }
    }
    if (unanswerable > 0) {
      log.printf(
          "eval: note: %d street items have no shop photo of their product in the gallery; they"
              + " count as misses%n",
          unanswerable);
    }
  }

  private List<PhotoResult> evaluateStreetPhotos(
      ExecutorService pool, Split split, Map<Category, RetrievalGallery> galleries)
      throws InterruptedException {
    Map<Long, List<StreetItem>> photos = data.streetPhotos(split);
    log.printf(
        "eval: detecting with %s and embedding the items of %d street photos%n",
        detector.name(), photos.size());
    ProgressReporter progress =
        new ProgressReporter(log, "eval: street photos evaluated", "photo", photos.size(), false);
    List<Callable<PhotoResult>> tasks = new ArrayList<>();
    for (Map.Entry<Long, List<StreetItem>> e : photos.entrySet()) {
      tasks.add(() -> evaluatePhoto(e.getKey(), e.getValue(), galleries, progress));
    }
    List<PhotoResult> results = runAll(pool, tasks);
    long unreadable = results.stream().filter(r -> !r.decoded()).count();
    if (unreadable > 0) {
      log.printf(
          "eval: warning: %d street photos could not be decoded; their items are left out%n",
          unreadable);
    }
    return results;
  }

  private PhotoResult evaluatePhoto(
      long photoId,
      List<StreetItem> items,
      Map<Category, RetrievalGallery> galleries,
      ProgressReporter progress) {
    try {
      Optional<RgbImage> decoded = decode(data.image(photoId).orElseThrow(), "street photo");
      if (decoded.isEmpty()) {
        return new PhotoResult(false, List.of(), List.of(), List.of());
      }
      RgbImage image = decoded.get();
      List<Detection> detections =
          detector instanceof DatasetDetector d ? d.detect(photoId, image) : detector.detect(image);

      // One embedder call per photo: the ground-truth crop of every item, plus the detected
      // crop where it differs (the ground-truth detector's boxes never do).
      List<RgbImage> crops = new ArrayList<>();
      int[] gtRow = new int[items.size()];
      int[] detRow = new int[items.size()];
      for (int i = 0; i < items.size(); i++) {
        StreetItem item = items.get(i);
        if (!item.isQuery() || !data.hasRetrieval()) {
          gtRow[i] = -1; // detection ground truth only
          continue;
        }
        gtRow[i] = crops.size();
        crops.add(image.crop(item.bbox()));
        Optional<Detection> d = matchingDetection(detections, item);
        if (d.isEmpty()) {
          detRow[i] = -1;
        } else if (d.get().box().equals(item.bbox())) {
          detRow[i] = gtRow[i];
        } else {
          detRow[i] = crops.size();
          crops.add(image.crop(d.get().box()));
        }
      }
      float[][] vectors = crops.isEmpty() ? new float[0][] : embedder.embed(crops);

      List<ItemResult> results = new ArrayList<>(items.size());
      List<GroundTruth> groundTruth = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        StreetItem item = items.get(i);
        groundTruth.add(new GroundTruth(item.category(), item.bbox()));
        if (!item.isQuery()) {
          continue;
        }
        if (gtRow[i] < 0) { // a detection-only data set
          results.add(new ItemResult(item.category(), Ranking.MISS, Ranking.MISS));
          continue;
        }
        RetrievalGallery gallery = galleries.get(item.category());
        int gtRank = gallery.firstHitRank(vectors[gtRow[i]], item.productId());
        int detRank =
            detRow[i] < 0
                ? Ranking.MISS
                : gallery.firstHitRank(vectors[detRow[i]], item.productId());
        results.add(new ItemResult(item.category(), gtRank, detRank));
      }
      return new PhotoResult(true, results, groundTruth, detections);
    } finally {
      progress.step();
    }
  }

  /**
   * The detection that stands in for {@code item}: of the same category, IoU ≥ {@link #MATCH_IOU}
   * with its box, highest score first; among equal scores the one that overlaps the item most (so
   * that, with the ground-truth detector, an item is never answered by a neighbour's box), then the
   * first listed.
   */
  static Optional<Detection> matchingDetection(List<Detection> detections, StreetItem item) {
    Detection best = null;
    double bestIou = -1;
    for (Detection d : detections) {
      if (d.category() != item.category()) {
        continue;
      }
      double iou = d.box().iou(item.bbox());
      if (iou < MATCH_IOU) {
        continue;
      }
      if (best == null
          || d.score() > best.score()
          || (d.score() == best.score() && iou > bestIou)) {
        best = d;
        bestIou = iou;
      }
    }
    return Optional.ofNullable(best);
  }

  private EvaluationReport aggregate(
      Split split,
      Iterable<Category> categories,
      Map<Category, RetrievalGallery> galleries,
      List<PhotoResult> photos,
      long start) {
    Map<Category, HitRateCurve> gt = new EnumMap<>(Category.class);
    Map<Category, HitRateCurve> det = new EnumMap<>(Category.class);
    for (Category c : categories) {
      gt.put(c, new HitRateCurve(MAX_K));
      det.put(c, new HitRateCurve(MAX_K));
    }
    CocoAveragePrecision coco = new CocoAveragePrecision();
    Map<Category, Integer> boxes = new EnumMap<>(Category.class);
    for (PhotoResult p : photos) {
      if (!p.decoded()) {
        continue; // undecodable: neither its queries nor its boxes are evaluated
      }
      for (GroundTruth g : p.groundTruth()) {
        boxes.merge(g.category(), 1, Integer::sum);
      }
      for (ItemResult r : p.items()) {
        gt.get(r.category()).add(r.gtRank());
        det.get(r.category()).add(r.detRank());
      }
      coco.addImage(p.groundTruth(), p.detections());
    }
    CocoAveragePrecision.Result ap = coco.result();

    Set<Category> covered = detector.categories();
    Set<Category> notCovered = EnumSet.noneOf(Category.class);
    Map<Category, EvaluationReport.Result> rows = new EnumMap<>(Category.class);
    HitRateCurve allGt = new HitRateCurve(MAX_K);
    HitRateCurve allDet = new HitRateCurve(MAX_K);
    long gallerySize = 0;
    for (Category c : categories) {
      if (gt.get(c).queries() == 0 && !boxes.containsKey(c)) {
        continue; // every photo of the category was unreadable
      }
      CocoAveragePrecision.CategoryAp cap = covered.contains(c) ? ap.categories().get(c) : null;
      if (!covered.contains(c)) {
        notCovered.add(c);
      }
      int size = galleries.get(c).size();
      rows.put(
          c,
          new EvaluationReport.Result(
              gt.get(c).queries(),
              size,
              gt.get(c),
              det.get(c),
              cap == null ? Double.NaN : cap.ap50(),
              cap == null ? Double.NaN : cap.ap()));
      allGt.merge(gt.get(c));
      allDet.merge(det.get(c));
      gallerySize += size;
    }
    EvaluationReport.Result overall =
        new EvaluationReport.Result(
            allGt.queries(),
            gallerySize,
            allGt,
            allDet,
            meanOver(ap, covered, true),
            meanOver(ap, covered, false));
    if (!notCovered.isEmpty()) {
      log.printf(
          "eval: detector %s cannot report %s; left out of the mean AP%n",
          detector.name(),
          notCovered.stream().map(Category::wireName).collect(Collectors.joining(", ")));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    log.printf("eval: %d queries evaluated in %.1f s%n", allGt.queries(), seconds);
    return new EvaluationReport(
        data.root().toString(),
        split.wireName(),
        detector.name(),
        embedder.name(),
        Collections.unmodifiableMap(rows),
        overall,
        Collections.unmodifiableSet(notCovered),
        seconds);
  }

  /**
   * The mean AP50 ({@code at50}) or AP over the categories with ground truth that the detector
   * covers; NaN when there are none. A category the detector can never report would count as 0 and
   * say nothing about the detector's quality.
   */
  private static double meanOver(
      CocoAveragePrecision.Result ap, Set<Category> covered, boolean at50) {
    double sum = 0;
    int n = 0;
    for (Map.Entry<Category, CocoAveragePrecision.CategoryAp> e : ap.categories().entrySet()) {
      if (covered.contains(e.getKey()) && e.getValue().groundTruths() > 0) {
        sum += at50 ? e.getValue().ap50() : e.getValue().ap();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private Optional<RgbImage> decode(Path file, String what) {
    try {
      return Optional.of(Images.read(file));
    } catch (IOException e) {
      log.println("eval: warning: " + what + " skipped: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Runs tasks and returns their results in task order; the first failure cancels the rest. */
  private static <T> List<T> runAll(ExecutorService pool, List<Callable<T>> tasks)
      throws InterruptedException {
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    for (Callable<T> t : tasks) {
      futures.add(pool.submit(t));
    }
    List<T> out = new ArrayList<>(tasks.size());
    try {
      for (Future<T> f : futures) {
        out.add(f.get());
      }
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    }
    return out;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "eval-" + n.incrementAndGet());
      t.setDaemon(true); // a failed run must not keep the JVM alive
      return t;
    };
  }

  private record ItemResult(Category category, int gtRank, int detRank) {}

  /** One street photo's outcome; {@code decoded} false: the photo could not be decoded. */
  private record PhotoResult(
      boolean decoded,
      List<ItemResult> items,
      List<GroundTruth> groundTruth,
      List<Detection> detections) {}

  /** A gallery entry to embed: a whole shop photo ({@code box} null) or an item's crop. */
  private record ShopCrop(long photoId, com.buythatlook.core.geometry.Box box) {
    static ShopCrop of(ShopPhoto p) {
      return new ShopCrop(p.photoId(), p.box());
    }
  }
}
