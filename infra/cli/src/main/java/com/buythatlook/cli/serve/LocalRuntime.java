package com.buythatlook.cli.serve;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.delivery.DeliveryRules;
import com.buythatlook.cli.delivery.LocalQueue;
import com.buythatlook.cli.delivery.SqsEventSource;
import com.buythatlook.cli.models.Models;
import com.buythatlook.core.api.LookApi;
import com.buythatlook.core.api.QuerySettings;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.catalog.FileProductStore;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.catalog.ProductsJsonl;
import com.buythatlook.core.config.Env;
import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.index.IndexUnavailableException;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.core.look.FileLookStore;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.core.storage.S3UrlSigner;
import com.buythatlook.functions.detect.DetectHandler;
import com.buythatlook.functions.embed.EmbedHandler;
import com.buythatlook.functions.query.QueryHandler;
import com.buythatlook.vision.pipeline.DetectSettings;
import com.buythatlook.vision.pipeline.DetectStep;
import com.buythatlook.vision.pipeline.EmbedStep;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole system in one process (docs/architecture.md): the embedded S3 server, the three
 * functions' handler classes fed with the events AWS would send, the file-backed Looks and Products
 * tables and embed queue, and the web server. See the package comment for the data folder and the
 * recovery rules.
 */
public final class LocalRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

  /**
   * How the runtime is set up.
   *
   * @param port the web server's port; 0 picks a free one
   * @param detector {@code default} or a model folder (as {@code --detector} of other commands)
   * @param embedder {@code default}, {@code histogram} or a model folder; it must be the model the
   *     index was built with
   * @param demo when the bucket has no index: generate and index a synthetic catalog first
   * @param demoProductsPerCategory size of that catalog
   * @param demoStreetPhotos street photos of that data set (30% are test photos: the demo photos)
   * @param visibilityTimeout the embed queue's: how long a failed batch waits before redelivery
   * @param detectRetryDelays the pauses before each retry of a failed detect invocation
   */
  public record Settings(
      Path data,
      int port,
      String detector,
      String embedder,
      boolean demo,
      int demoProductsPerCategory,
      int demoStreetPhotos,
      Duration visibilityTimeout,
      List<Duration> detectRetryDelays) {

    /** As {@code btl serve} and {@code btl demo} run it. */
    public static Settings of(Path data, int port, String detector, String embedder, boolean demo) {
      return new Settings(
          data,
          port,
          detector,
          embedder,
          demo,
          DemoCatalog.PRODUCTS_PER_CATEGORY,
          DemoCatalog.STREET_PHOTOS,
          // Lambda's guidance is six times the function timeout; embedding a look takes well
          // under a second here, so a failed one is retried after half a minute
          Duration.ofSeconds(30),
          // Lambda waits a minute, then two; a local run should not keep a person waiting
          List.of(Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }
  }

  static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);
  static final String EMBED_QUEUE_ARN =
      "arn:aws:sqs:" + S3Events.REGION + ":000000000000:btl-embed";

  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final AtomicReference<UploadNotifier.Listener> uploads = new AtomicReference<>();
  private DataDir dir;
  private HttpFront http;
  private EmbeddedS3 s3;
  private LocalQueue queue;
  private FileLookStore looks;
  private double startSeconds;

  private LocalRuntime() {}

  /**
   * Starts everything and returns once the page and the API answer.
   *
   * @param log progress lines for the person who started it (the demo's generation and indexing,
   *     recovery)
   * @throws UserError for a problem the user can fix (port taken, folder locked, no index)
   */
  public static LocalRuntime start(Settings settings, PrintWriter log) throws Exception {
    LocalRuntime rt = new LocalRuntime();
    try {
      rt.startUp(settings, log);
      return rt;
    } catch (Exception | Error e) {
      rt.close();
      throw e;
    }
  }

  private void startUp(Settings settings, PrintWriter log) throws Exception {
    long t0 = System.nanoTime();
    Clock clock = Clock.systemUTC();
    dir = DataDir.open(settings.data());
    resources.add(dir);
    if (Models.GROUND_TRUTH.equals(settings.detector())) {
      throw new UserError(
          "--detector gt needs a data set's boxes and only works with 'btl eval';"
              + " use 'default' or a model folder");
    }
    // the models load while the S3 server starts: on two cores that is a second or two sooner
    ModelLoader loader = new ModelLoader(settings.detector(), settings.embedder());
    resources.add(loader);
    DataDir.S3Credentials credentials = dir.credentials();
    try {
      http = HttpFront.bind(settings.port());
    } catch (IOException e) {
      // Jetty reports a taken port as IOException("Failed to bind …") caused by BindException
      if (!(e instanceof BindException) && !(e.getCause() instanceof BindException)) {
        throw e;
      }
      throw new UserError(RuntimeCommand.portInUse(settings.port()));
    }
    resources.add(http);

    // uploads are reported from the moment S3 runs; until detect is wired they wait for the
    // start-up scan below, which finds every upload without a finished look anyway
    s3 =
        EmbeddedS3.start(
            dir.s3Root(),
            DataDir.BUCKET,
            credentials,
            http.origins(),
            e -> Optional.ofNullable(uploads.get()).ifPresent(l -> l.objectCreated(e)),
            clock);
    resources.add(s3);
    AwsClients aws =
        AwsClients.forEndpoint(
            s3.endpoint(),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey())));
    resources.add(aws);
    S3BlobStore bucket = new S3BlobStore(aws.s3(), DataDir.BUCKET, "");

    LoadedModels models = loader.get();
    Embedder embedder = models.embedder();
    Detector detector = models.detector();

    if (settings.demo()) {
      new DemoCatalog(settings.demoProductsPerCategory(), settings.demoStreetPhotos(), log)
          .prepare(dir, bucket, embedder);
    }
    QuerySettings querySettings =
        fromEnvironment(() -> QuerySettings.fromEnvironment(Env.system()));
    IndexReader index =
        new IndexReader(
            bucket, querySettings.indexRefresh(), querySettings.indexCacheBytes(), null);
    checkIndex(index, embedder, settings);

    looks = new FileLookStore(dir.looks());
    int expired = looks.deleteExpired(clock.instant());
    if (expired > 0) {
      log.println("serve: deleted " + expired + " expired look(s)");
    }
    FileProductStore products = new FileProductStore(dir.productsFile());
    if (products.size() == 0) {
      loadProducts(bucket, products, log);
    }
    // template.yaml's retries, batch size and maxReceiveCount; a visibility timeout for one machine
    DeliveryRules rules =
        DeliveryRules.ofTemplate().withVisibilityTimeout(settings.visibilityTimeout());
    queue = LocalQueue.open(dir.queue(), rules, clock);

    DetectSettings detectSettings =
        fromEnvironment(() -> DetectSettings.fromEnvironment(Env.system()));
    DetectHandler detect =
        new DetectHandler(
            new DetectStep(
                bucket,
                detector,
                () -> index.snapshot().categories(),
                looks,
                queue,
                detectSettings,
                clock));
    EmbedHandler embed =
        new EmbedHandler(new EmbedStep(bucket, embedder, looks, detectSettings.lookTtl(), clock));
    // the API knows the embed step's model: should the index be rebuilt with another one while
    // this runs, /health and every look say so instead of answering 'look_outdated'
    QueryHandler query =
        new QueryHandler(
            new LookApi(
                looks,
                products,
                index,
                new S3UrlSigner(aws.s3(), aws.s3Presigner(), DataDir.BUCKET),
                querySettings,
                clock,
                new LookApi.EmbeddingModel(
                    embedder.name(), embedder.modelSha256(), embedder.dimension())));

    DetectInvoker detectInvoker =
        new DetectInvoker(
            detect,
            Math.min(2, Runtime.getRuntime().availableProcessors()),
            rules,
            settings.detectRetryDelays(),
            FUNCTION_TIMEOUT,
            dir.failedEvents());
    // closed in reverse order: the invoker drains before S3 and the models go away
    resources.add(detectInvoker);
    SqsEventSource consumer =
        new SqsEventSource(
            queue,
            EMBED_QUEUE_ARN,
            S3Events.REGION,
            rules,
            embed,
            () -> LocalContext.invocation("btl-embed", FUNCTION_TIMEOUT, 2048),
            FUNCTION_TIMEOUT);
    resources.add(consumer);
    consumer.start("btl-embed");
    uploads.set(detectInvoker);
    int resent = resendUnfinishedUploads(aws, detectInvoker, clock);
    if (resent > 0) {
      log.println(
          "serve: "
              + resent
              + " upload(s) of an earlier run had no finished look;"
              + " processing them again");
    }
    if (queue.size() > 0) {
      log.println(
          "serve: "
              + queue.size()
              + " embed message(s) of an earlier run are delivered"
              + " again");
    }

    http.start(query, DemoPhotos.from(dir.dataset()));
    // the HTTP front is closed first, so that no request arrives while the rest shuts down
    resources.remove(http);
    resources.add(http);
    startSeconds = (System.nanoTime() - t0) / 1e9;
    log.flush();
  }

  /** The functions' settings from the same variables as in Lambda; a bad value is a UserError. */
  private static <T> T fromEnvironment(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** Refuses to serve without an index, or with an embedder the index was not built with. */
  private void checkIndex(IndexReader index, Embedder embedder, Settings settings) {
    IndexManifest manifest;
    try {
      manifest = index.snapshot().manifest();
    } catch (IndexUnavailableException e) {
      throw new UserError(
          dir.root()
              + " has no catalog index yet (no "
              + IndexKeys.CURRENT
              + " in its bucket): run 'btl demo --data "
              + settings.data()
              + "' once, which"
              + " generates and indexes a synthetic catalog");
    }
    if (manifest.dimension() != embedder.dimension()) {
      throw new UserError(
          "the index in "
              + dir.root()
              + " was built with "
              + manifest.modelName()
              + " ("
              + manifest.dimension()
              + " dimensions) but --embedder "
              + settings.embedder()
              + " gives "
              + embedder.dimension()
              + ": start with the embedder the index was built"
              + " with, or delete "
              + dir.s3Root().resolve(DataDir.BUCKET).resolve("index")
              + " and run 'btl demo' to index again");
    }
    if (!manifest.mayBeModel(embedder.name(), embedder.modelSha256())) {
      // the same dimension, another model: vectors of two spaces would be compared
      throw new UserError(
          "the index in "
              + dir.root()
              + " was built with "
              + manifest.modelLabel()
              + " but --embedder "
              + settings.embedder()
              + " is "
              + embedder.name()
              + ": start with the embedder the index was built with, or index the"
              + " catalog again with this one");
    }
  }

  /**
   * Fills an empty Products table from the bucket's catalog, as loading the DynamoDB table from the
   * catalog does in production.
   */
  private static void loadProducts(S3BlobStore bucket, FileProductStore store, PrintWriter log)
      throws IOException {
    Optional<byte[]> jsonl = bucket.get(DemoCatalog.PRODUCTS_KEY);
    if (jsonl.isEmpty()) {
      log.println(
          "serve: the bucket has no "
              + DemoCatalog.PRODUCTS_KEY
              + "; matches will have"
              + " no titles, prices or images");
      return;
    }
    AtomicInteger bad = new AtomicInteger();
    List<Product> products = ProductsJsonl.parse(jsonl.get(), (n, e) -> bad.incrementAndGet());
    store.putAll(products);
    log.println(
        "serve: loaded "
            + products.size()
            + " products into "
            + store.file()
            + (bad.get() > 0 ? " (" + bad + " lines were not products)" : ""));
  }

  /**
   * Fires the upload event again for every upload whose look did not get past detection: the
   * process may have stopped before its detect invocation ran or finished, or its retries ran out.
   * A DETECTED look whose embed message is still queued is left to the queue. Duplicates are
   * harmless: both steps move a look only forward.
   */
  private int resendUnfinishedUploads(AwsClients aws, DetectInvoker detect, Clock clock) {
    Set<String> queued = new HashSet<>();
    for (String body : queue.bodies()) {
      try {
        queued.add(EmbedMessage.fromJson(body).lookId());
      } catch (IllegalArgumentException e) {
        // not an embed message: the embed function drops it
      }
    }
    int resent = 0;
    for (S3Object o :
        aws.s3()
            .listObjectsV2Paginator(b -> b.bucket(DataDir.BUCKET).prefix(LookKeys.UPLOADS))
            .contents()) {
      Optional<LookKeys.Upload> upload = LookKeys.parseUpload(o.key());
      if (upload.isEmpty()) {
        continue; // the detect step ignores it too
      }
      Optional<Look> look = looks.get(upload.get().lookId());
      LookStatus status = look.map(Look::status).orElse(null);
      boolean unfinished =
          status == null
              || status == LookStatus.PENDING
              || (status == LookStatus.DETECTED && !queued.contains(upload.get().lookId()));
      if (unfinished) {
        detect.objectCreated(
            new UploadNotifier.ObjectCreated(
                "ObjectCreated:Put",
                DataDir.BUCKET,
                o.key(),
                o.size() == null ? 0 : o.size(),
                o.eTag() == null ? "" : o.eTag().replace("\"", ""),
                String.format(Locale.ROOT, "%016X", clock.millis() * 1000 + resent),
                o.lastModified() == null ? Instant.now() : o.lastModified()));
        resent++;
      }
    }
    return resent;
  }

  private record LoadedModels(Embedder embedder, Detector detector) {}

  /** Loads both models on a thread of its own; closes them with the runtime. */
  private static final class ModelLoader implements AutoCloseable {
    private final FutureTask<LoadedModels> task;

    ModelLoader(String detector, String embedder) {
      task =
          new FutureTask<>(
              () -> {
                Embedder e = Models.embedder(embedder);
                try {
                  return new LoadedModels(e, Models.detector(detector));
                } catch (RuntimeException | Error x) {
                  Models.close(e);
                  throw x;
                }
              });
      Thread t = new Thread(task, "btl-model-loader");
      t.setDaemon(true);
      t.start();
    }

    /** The models, or what stopped them from loading (a {@link UserError}, say). */
    LoadedModels get() throws Exception {
      try {
        return task.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception x) {
          throw x;
        }
        if (e.getCause() instanceof Error x) {
          throw x;
        }
        throw e;
      }
    }

    @Override
    public void close() {
      try {
        LoadedModels m = task.get();
        Models.close(m.detector());
        Models.close(m.embedder());
      } catch (ExecutionException e) {
        // nothing was loaded, so nothing to close
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public String url() {
    return http.url();
  }

  public int port() {
    return http.port();
  }

  /** Seconds from the start of {@link #start} to serving. */
  public double startSeconds() {
    return startSeconds;
  }

  /** Waits until {@link #close} has run (from a shutdown hook, say). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops the web server first (no new requests), then upload events, waits for detect invocations
   * and the embed batch in progress, then stops S3, releases the models and unlocks the folder.
   * Safe to call more than once and from a shutdown hook.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    uploads.set(null);
    try {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception | LinkageError e) {
          // one part failing to stop must not keep the others (and the folder lock) held
          LOG.warn("while stopping: {}", e.toString());
        }
      }
      resources.clear();
    } finally {
      stopped.countDown();
    }
  }
}
