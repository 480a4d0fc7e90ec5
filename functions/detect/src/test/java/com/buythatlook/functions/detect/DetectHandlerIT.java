package com.buythatlook.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexPublisher;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.core.look.DynamoLookStore;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookIds;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.look.LookStore;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.core.testing.MotoServer;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.detect.DetectionFilter;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.onnx.ModelLocation;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The detect function as Lambda runs it: {@code events/s3-put.json} deserialised the way the Java
 * runtime does, the handler built by {@link DetectFunction#build} from an environment, the bundled
 * detector, and S3, DynamoDB and SQS served by moto_server.
 *
 * <p>The photo is a figure drawn in the test. What the detector makes of it is not written down
 * here: the expected items are the bundled detector's own detections filtered by the rules the
 * function is configured with, so a retrained default model does not break this test, while a
 * function that ignores its settings, the index or the crops does.
 */
class DetectHandlerIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  /** Below the default 0.75, so that the index filter has detections to drop. */
  private static final double MIN_SCORE = 0.1;

  /** The published index has every category but footwear: footwear items must be dropped. */
  private static final Set<Category> INDEXED = EnumSet.complementOf(EnumSet.of(Category.FOOTWEAR));

  private static String bucket;
  private static String table;
  private static String queueUrl;
  private static S3Client s3;
  private static DynamoDbClient dynamo;
  private static SqsClient sqs;
  private static AwsClients aws;
  private static LookStore looks;
  private static DetectHandler handler;
  private static byte[] photo;
  private static List<Detection> expected;

  @BeforeAll
  static void setUp() throws IOException {
    // unique names, so that the test also runs against a long-lived emulator (-Plocalstack)
    String run = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    bucket = "btl-test-images-" + run;
    table = "Looks-" + run;
    s3 = MOTO.s3();
    dynamo = MOTO.dynamoDb();
    sqs = MOTO.sqs();
    s3.createBucket(b -> b.bucket(bucket));
    // the Looks table as DynamoLookStore's javadoc and the SAM template define it
    MotoServer.createTable(dynamo, table, "lookId");
    queueUrl = sqs.createQueue(b -> b.queueName("btl-embed-" + run)).queueUrl();
    publishIndex(new S3BlobStore(s3, bucket, ""), INDEXED);

    Map<String, String> env =
        Map.of(
            "BUCKET", bucket,
            "LOOKS_TABLE", table,
            "EMBED_QUEUE_URL", queueUrl,
            "MIN_SCORE", Double.toString(MIN_SCORE));
    aws =
        AwsClients.forEndpoint(
            URI.create(MOTO.endpoint()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    handler = new DetectHandler(DetectFunction.build(env::get, aws));
    looks = new DynamoLookStore(dynamo, table);

    photo = DrawnFigure.jpeg();
    try (OnnxDetector detector = OnnxDetector.open(ModelLocation.bundled("detector"))) {
      RgbImage image = ImageDecoder.withDefaultLimits().decode(photo);
      expected =
          DetectionFilter.NONE
              .withMinScore(MIN_SCORE)
              .withBestPerCategory(true)
              .withCategories(INDEXED)
              .apply(detector.detect(image));
    }
    assertThat(expected)
        .as("the bundled detector finds nothing in the drawn figure: draw a clearer one")
        .isNotEmpty();
  }

  @AfterAll
  static void closeClients() {
    aws.close();
  }

  @BeforeEach
  void emptyQueue() {
    drainQueue();
  }

  @ParameterizedTest
  @Event(value = "../../events/s3-put.json", type = S3Event.class)
  void detectsTheItemsOfAnUploadedPhoto(S3Event event) {
    // given: a photo under the key the event names
    String key = event.getRecords().get(0).getS3().getObject().getUrlDecodedKey();
    String lookId = LookKeys.parseUpload(key).orElseThrow().lookId();
    put(key, photo);

    // when
    handler.handleRequest(delivery(event, key, photo.length), null);

    // then: a DETECTED look with the filtered detections, one crop each, one embed message
    Look look = looks.get(lookId).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.DETECTED);
    // the look shows a copy of the bytes it was detected on, not the upload key
    assertThat(look.imageKey()).startsWith(LookKeys.PHOTOS + lookId + "/").endsWith(".jpg");
    assertThat(get(look.imageKey())).isEqualTo(photo);
    assertThat(look.width()).isEqualTo(DrawnFigure.WIDTH);
    assertThat(look.height()).isEqualTo(DrawnFigure.HEIGHT);
    assertThat(look.failureReason()).isNull();
    assertThat(look.items()).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      LookItem item = look.items().get(i);
      Detection d = expected.get(i);
      assertThat(item.itemNo()).isEqualTo(i);
      assertThat(item.category()).isEqualTo(d.category()).isIn(INDEXED);
      assertThat(item.score()).isCloseTo(d.score(), within(1e-4)).isGreaterThanOrEqualTo(MIN_SCORE);
      assertThat(item.box().iou(d.box())).isGreaterThan(0.99);
      assertThat(item.cropKey()).isEqualTo("crops/" + lookId + "/" + i + ".jpg");
      assertThat(item.vector()).isNull();
      RgbImage crop = ImageDecoder.withDefaultLimits().decode(get(item.cropKey()));
      int[] bounds = d.box().pixelBounds(DrawnFigure.WIDTH, DrawnFigure.HEIGHT);
      assertThat(crop.width())
          .as("crop width of item %d", i)
          .isCloseTo(bounds[2] - bounds[0], within(2));
      assertThat(crop.height())
          .as("crop height of item %d", i)
          .isCloseTo(bounds[3] - bounds[1], within(2));
    }
    assertThat(keys("crops/" + lookId + "/"))
        .containsExactlyInAnyOrderElementsOf(look.items().stream().map(LookItem::cropKey).toList());
    assertThat(drainQueue())
        .extracting(Message::body)
        .containsExactly("{\"lookId\":\"" + lookId + "\"}");
  }

  @ParameterizedTest
  @Event(value = "../../events/s3-put.json", type = S3Event.class)
  void aRedeliveredEventChangesNothing(S3Event event) {
    // given: a photo whose event was handled once
    String lookId = LookIds.newId();
    String key = "uploads/" + lookId + ".jpg";
    put(key, photo);
    S3Event delivery = delivery(event, key, photo.length);
    handler.handleRequest(delivery, null);
    Look first = looks.get(lookId).orElseThrow();
    Map<String, String> crops = etags("crops/" + lookId + "/");
    assertThat(drainQueue()).hasSize(1);

    // when: S3 delivers the same event again (at-least-once delivery)
    handler.handleRequest(delivery, null);

    // then: the same look, items and crops; no second detection
    assertThat(looks.get(lookId)).contains(first);
    assertThat(etags("crops/" + lookId + "/")).isEqualTo(crops);
    // a look still DETECTED has its message sent again, in case the first run died between
    // recording the look and sending it; the embed step ignores the extra one
    assertThat(drainQueue())
        .extracting(Message::body)
        .containsOnly("{\"lookId\":\"" + lookId + "\"}")
        .hasSizeLessThanOrEqualTo(1);
  }

  @ParameterizedTest
  @Event(value = "../../events/s3-put.json", type = S3Event.class)
  void aFileThatIsNoPhotoEndsFailedWithAReason(S3Event event) {
    // given: text uploaded under a photo's name
    String lookId = LookIds.newId();
    String key = "uploads/" + lookId + ".jpg";
    byte[] text = "these are my holiday notes, not a photo\n".getBytes(StandardCharsets.UTF_8);
    put(key, text);

    // when
    handler.handleRequest(delivery(event, key, text.length), null);

    // then
    Look look = looks.get(lookId).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.FAILED);
    assertThat(look.failureReason())
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("null");
    assertThat(look.items()).isEmpty();
    assertThat(keys("crops/" + lookId + "/")).isEmpty();
    assertThat(drainQueue()).isEmpty();

    // a redelivery leaves it so, with the same reason
    handler.handleRequest(delivery(event, key, text.length), null);
    assertThat(looks.get(lookId)).contains(look);
    assertThat(drainQueue()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "../../events/s3-put.json", type = S3Event.class)
  void objectsOutsideUploadsAreLeftAlone(S3Event event) {
    // given: a crop, which the function writes itself; a trigger without its prefix filter would
    // hand it back to the function
    String lookId = LookIds.newId();
    String key = "crops/" + lookId + "/0.jpg";
    put(key, photo);
    int looksBefore = dynamo.scan(b -> b.tableName(table)).count();

    // when
    handler.handleRequest(delivery(event, key, photo.length), null);

    // then: no look, no new object, no message
    assertThat(looks.get(lookId)).isEmpty();
    assertThat(dynamo.scan(b -> b.tableName(table)).count()).isEqualTo(looksBefore);
    assertThat(keys("crops/" + lookId + "/")).containsExactly(key);
    assertThat(drainQueue()).isEmpty();
  }

  // --- the event, as S3 would send it for another object --------------------------------------

  /**
   * The loaded event with its object replaced: S3 URL-encodes keys in events, and the bucket is
   * this run's.
   */
  static S3Event delivery(S3Event template, String key, long size) {
    S3EventNotificationRecord r = template.getRecords().get(0);
    S3Entity s = r.getS3();
    S3ObjectEntity o = s.getObject();
    S3Entity entity =
        new S3Entity(
            s.getConfigurationId(),
            new S3BucketEntity(bucket, s.getBucket().getOwnerIdentity(), "arn:aws:s3:::" + bucket),
            new S3ObjectEntity(
                URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"),
                size,
                o.geteTag(),
                o.getVersionId(),
                o.getSequencer()),
            s.getS3SchemaVersion());
    return new S3Event(
        List.of(
            new S3EventNotificationRecord(
                r.getAwsRegion(),
                r.getEventName(),
                r.getEventSource(),
                r.getEventTime().toString(),
                r.getEventVersion(),
                r.getRequestParameters(),
                r.getResponseElements(),
                entity,
                r.getUserIdentity())));
  }

  // --- moto resources ----------------------------------------------------------------------------

  /**
   * A published index with one product per category: the detect function reads only which
   * categories it has.
   */
  static void publishIndex(S3BlobStore store, Set<Category> categories) throws IOException {
    int dim = 8;
    IndexPublisher publisher = new IndexPublisher(store);
    List<IndexManifest.ShardEntry> entries = new ArrayList<>();
    for (Category c : categories) {
      float[] row = new float[dim];
      row[c.ordinal() % dim] = 1;
      entries.add(
          publisher.putShard(
              "v1",
              0,
              Shard.of(
                  c,
                  dim,
                  row,
                  List.of(c.wireName() + "-1"),
                  new float[] {10},
                  List.of("Halden"),
                  false)));
    }
    publisher.publish(
        new IndexManifest(
            1,
            "v1",
            "test-embedder",
            "1",
            dim,
            "cosine",
            "float32",
            false,
            "2026-11-26T00:00:00Z",
            entries));
  }

  private static void put(String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  private static byte[] get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  private static List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  private static Map<String, String> etags(String prefix) {
    Map<String, String> out = new TreeMap<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
        .contents()
        .forEach(o -> out.put(o.key(), o.eTag()));
    return out;
  }

  /** Receives and deletes every message now in the queue. */
  private static List<Message> drainQueue() {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> batch =
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
              .messages();
      if (batch.isEmpty()) {
        return all;
      }
      for (Message m : batch) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
      all.addAll(batch);
    }
  }
}
