package com.buythatlook.cli.flow;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.buythatlook.cli.chaos.Events;
import com.buythatlook.cli.delivery.DeliveryRules;
import com.buythatlook.cli.delivery.SqsEventSource;
import com.buythatlook.cli.delivery.SqsQueue;
import com.buythatlook.core.api.LookApi;
import com.buythatlook.core.api.QuerySettings;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.catalog.DynamoProductStore;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.look.DynamoLookStore;
import com.buythatlook.core.look.LookStore;
import com.buythatlook.core.look.SqsEmbedQueue;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.core.storage.S3UrlSigner;
import com.buythatlook.core.testing.MotoServer;
import com.buythatlook.functions.detect.DetectHandler;
import com.buythatlook.functions.embed.EmbedHandler;
import com.buythatlook.functions.query.QueryHandler;
import com.buythatlook.vision.pipeline.DetectSettings;
import com.buythatlook.vision.pipeline.DetectStep;
import com.buythatlook.vision.pipeline.EmbedStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One deployment of the stack on moto_server — a bucket, the Looks and Products tables, the embed
 * queue — and the three Lambda handlers on it, built from their public constructors with the steps
 * wired as {@code DetectFunction}, {@code EmbedFunction} and {@code QueryFunction} wire them from
 * the template's environment (those factories are package-private to their functions and covered by
 * each function's own {@code *IT}; here the models are opened once and shared).
 *
 * <p>Events are the files in {@code events/}, read with the Lambda Java runtime's own serialisers
 * (what aws-lambda-java-tests' {@code EventLoader} calls) and pointed at this stack's objects.
 */
final class FlowStack implements AutoCloseable {
  static final Path EVENTS = Path.of("../../events");

  final String bucket;
  final String looksTable;
  final String productsTable;
  final String queueUrl;
  final String queueArn;
  final S3Client s3;
  final DynamoDbClient dynamo;
  final SqsClient sqs;
  final AwsClients aws;
  final S3BlobStore store;
  final LookStore looks;
  final DetectHandler detect;
  final EmbedHandler embed;
  final QueryHandler query;

  /** The embed queue as template.yaml declares it, and Lambda's event source mapping on it. */
  final SqsQueue embedQueue;

  final SqsEventSource embedSource;
  private final Events events;

  private FlowStack(MotoServer moto, Detector detector, Embedder embedder, Path spill) {
    // unique names: several stacks share one server, and a long-lived emulator (-Plocalstack)
    String run = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    bucket = "btl-flow-" + run;
    looksTable = "Looks-" + run;
    productsTable = "Products-" + run;
    try {
      events = new Events(EVENTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // one set of clients, for the handlers and the test alike, closed with the stack
    aws =
        AwsClients.forEndpoint(
            URI.create(moto.endpoint()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    s3 = aws.s3();
    dynamo = aws.dynamoDb();
    sqs = aws.sqs();
    s3.createBucket(b -> b.bucket(bucket));
    createTable(looksTable, "lookId");
    createTable(productsTable, "productId");
    DeliveryRules rules = DeliveryRules.ofTemplate();
    embedQueue = SqsQueue.create(sqs, "btl-embed-" + run, rules);
    queueUrl = embedQueue.url();
    queueArn = embedQueue.arn();

    // the template's environment; settings left out keep their defaults (MIN_SCORE 0.75, …)
    Map<String, String> env =
        Map.of(
            "BUCKET",
            bucket,
            "LOOKS_TABLE",
            looksTable,
            "PRODUCTS_TABLE",
            productsTable,
            "EMBED_QUEUE_URL",
            queueUrl);
    store = new S3BlobStore(s3, bucket, "");
    looks = new DynamoLookStore(dynamo, looksTable);
    DetectSettings detectSettings = DetectSettings.fromEnvironment(env::get);
    IndexReader categories = new IndexReader(store, Duration.ofSeconds(30), 0, null);
    detect =
        new DetectHandler(
            new DetectStep(
                store,
                detector,
                () -> categories.snapshot().categories(),
                looks,
                new SqsEmbedQueue(sqs, queueUrl),
                detectSettings,
                Clock.systemUTC()));
    embed =
        new EmbedHandler(
            new EmbedStep(store, embedder, looks, detectSettings.lookTtl(), Clock.systemUTC()));
    embedSource =
        new SqsEventSource(
            embedQueue,
            queueArn,
            aws.region().id(),
            rules,
            embed,
            () -> null,
            Duration.ofMinutes(1));
    QuerySettings querySettings = QuerySettings.fromEnvironment(env::get);
    query =
        new QueryHandler(
            new LookApi(
                looks,
                new DynamoProductStore(dynamo, productsTable),
                new IndexReader(
                    store, querySettings.indexRefresh(), querySettings.indexCacheBytes(), spill),
                new S3UrlSigner(s3, bucket),
                querySettings,
                Clock.systemUTC()));
  }

  static FlowStack create(MotoServer moto, Detector detector, Embedder embedder, Path spill) {
    return new FlowStack(moto, detector, embedder, spill);
  }

  @Override
  public void close() {
    aws.close();
  }

  private void createTable(String name, String key) {
    MotoServer.createTable(dynamo, name, key);
  }

  void putProducts(Collection<Product> products) {
    new DynamoProductStore(dynamo, productsTable).putAll(products);
  }

  /** Copies every object under {@code prefix} from another stack's bucket (an index version). */
  void copyFrom(FlowStack other, String prefix) throws IOException {
    for (String key : other.store.list(prefix)) {
      store.put(key, other.store.get(key).orElseThrow());
    }
  }

  // --- S3 ----------------------------------------------------------------------------------------

  void put(String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  /** Keys under {@code prefix} with their ETags (MD5 of the bytes for a simple PUT). */
  Map<String, String> objects(String prefix) {
    Map<String, String> out = new TreeMap<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
        .contents()
        .forEach((S3Object o) -> out.put(o.key(), o.eTag()));
    return out;
  }

  // --- events
  // --------------------------------------------------------------------------------------

  static <T> T loadEvent(String file, Class<T> type) {
    try (InputStream in = Files.newInputStream(EVENTS.resolve(file))) {
      return LambdaEventSerializers.serializerFor(type, FlowStack.class.getClassLoader())
          .fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code events/s3-put.json} as S3 would send it for {@code key} in this stack's bucket. */
  S3Event s3Put(String key, long size) {
    return events.s3Put(bucket, key, size);
  }

  /** {@code events/http-get-look.json} for this look, asking for the top {@code k} unfiltered. */
  static APIGatewayV2HTTPEvent getLook(String lookId, int k) {
    APIGatewayV2HTTPEvent e = loadEvent("http-get-look.json", APIGatewayV2HTTPEvent.class);
    e.setRawPath("/looks/" + lookId);
    e.getRequestContext().getHttp().setPath("/looks/" + lookId);
    e.setPathParameters(Map.of("id", lookId));
    // the file asks for a price range and a brand; the flow wants every product of the category
    e.setRawQueryString("k=" + k);
    e.setQueryStringParameters(Map.of("k", Integer.toString(k)));
    return e;
  }

  // --- SQS
  // -----------------------------------------------------------------------------------------

  /** Receives (and so hides for the visibility timeout) up to ten messages. */
  List<Message> receive() {
    return embedQueue.receive(10, Duration.ZERO);
  }

  void delete(Message m) {
    embedQueue.delete(List.of(m));
  }

  /**
   * Polls the queue until it is empty, as the event source mapping does; a reported failure fails
   * the test, since nothing in a clean flow should need a retry.
   */
  void drainToEmbed() throws InterruptedException {
    for (var batch = embedSource.poll(Duration.ZERO);
        batch != null;
        batch = embedSource.poll(Duration.ZERO)) {
      if (!batch.failed().isEmpty()) {
        throw new AssertionError(
            "the embed function failed for " + batch.failed() + ": " + batch.error());
      }
    }
  }
}
