package com.buythatlook.functions.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.look.DynamoLookStore;
import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookIds;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.look.LookStore;
import com.buythatlook.core.testing.MotoServer;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.onnx.ModelLocation;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The embed function as Lambda runs it: {@code events/sqs-embed.json} deserialised the way the Java
 * runtime does, the handler built by {@link EmbedFunction#build} from an environment, the bundled
 * embedder, and S3 and DynamoDB served by moto_server. The looks are prepared as the detect
 * function leaves them: DETECTED, with JPEG crops in the bucket.
 */
class EmbedHandlerIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final Instant T0 = Instant.parse("2026-11-26T10:15:31Z");

  private static String bucket;
  private static S3Client s3;
  private static AwsClients aws;
  private static LookStore looks;
  private static EmbedHandler handler;
  private static OnnxEmbedder embedder;

  @BeforeAll
  static void setUp() {
    // unique names, so that the test also runs against a long-lived emulator (-Plocalstack)
    String run = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    bucket = "btl-test-images-" + run;
    String table = "Looks-" + run;
    s3 = MOTO.s3();
    DynamoDbClient dynamo = MOTO.dynamoDb();
    s3.createBucket(b -> b.bucket(bucket));
    MotoServer.createTable(dynamo, table, "lookId");

    Map<String, String> env = Map.of("BUCKET", bucket, "LOOKS_TABLE", table);
    aws =
        AwsClients.forEndpoint(
            URI.create(MOTO.endpoint()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    handler = new EmbedHandler(EmbedFunction.build(env::get, aws));
    looks = new DynamoLookStore(dynamo, table);
    // the same model, opened separately, says what the vectors must be
    embedder = OnnxEmbedder.open(ModelLocation.bundled("embedder"));
  }

  @AfterAll
  static void close() {
    embedder.close();
    aws.close();
  }

  @ParameterizedTest
  @Event(value = "../../events/sqs-embed.json", type = SQSEvent.class)
  void embedsEveryDetectedLookOfTheBatch(SQSEvent event) {
    // given: the two looks the messages name, as the detect function leaves them
    String first = lookIdOf(event.getRecords().get(0));
    String second = lookIdOf(event.getRecords().get(1));
    List<byte[]> firstCrops = detected(first, Category.TOPS, Category.PANTS);
    List<byte[]> secondCrops = detected(second, Category.DRESSES);

    // when
    SQSBatchResponse response = handler.handleRequest(event, null);

    // then: both EMBEDDED, with the embedder's unit vectors of their crops, nothing to retry
    assertThat(response.getBatchItemFailures()).isEmpty();
    assertEmbedded(first, firstCrops);
    assertEmbedded(second, secondCrops);

    // and a redelivery of the batch changes nothing
    Look before = looks.get(first).orElseThrow();
    assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
    assertThat(looks.get(first)).contains(before);
  }

  @ParameterizedTest
  @Event(value = "../../events/sqs-embed.json", type = SQSEvent.class)
  void reportsOnlyTheMessageThatCannotBeDoneYet(SQSEvent event) {
    // given: a DETECTED look; a look still PENDING, which the step refuses with an exception
    // (its detect write is not visible yet: retrying is right); and a message that is no embed
    // message at all
    String ready = LookIds.newId();
    String notYet = LookIds.newId();
    List<byte[]> crops = detected(ready, Category.SKIRTS);
    assertThat(looks.createPending(notYet, T0, T0.plus(Duration.ofDays(30)))).isTrue();
    SQSMessage readyMessage = message(event.getRecords().get(0), ready);
    SQSMessage notYetMessage = message(event.getRecords().get(1), notYet);
    SQSMessage garbage = message(event.getRecords().get(0), ready);
    garbage.setMessageId(UUID.randomUUID().toString());
    garbage.setBody("{\"photo\": 42}");
    SQSEvent batch = new SQSEvent();
    batch.setRecords(List.of(readyMessage, notYetMessage, garbage));

    // when
    SQSBatchResponse response = handler.handleRequest(batch, null);

    // then: only the PENDING look's message comes back; the malformed one is dropped, since
    // redelivering it could never succeed
    assertThat(response.getBatchItemFailures())
        .extracting(BatchItemFailure::getItemIdentifier)
        .containsExactly(notYetMessage.getMessageId());
    assertEmbedded(ready, crops);
    assertThat(looks.get(notYet).orElseThrow().status()).isEqualTo(LookStatus.PENDING);

    // and once detect has caught up, the redelivered message succeeds
    List<byte[]> later = detected(notYet, Category.OUTERWEAR);
    SQSEvent redelivery = new SQSEvent();
    redelivery.setRecords(List.of(notYetMessage));
    assertThat(handler.handleRequest(redelivery, null).getBatchItemFailures()).isEmpty();
    assertEmbedded(notYet, later);
  }

  @ParameterizedTest
  @Event(value = "../../events/sqs-embed.json", type = SQSEvent.class)
  void messagesThatCanNeverSucceedAreNotRetried(SQSEvent event) {
    // given: a look whose crop was deleted, and a look that does not exist (expired by its TTL)
    String cropGone = LookIds.newId();
    detected(cropGone, Category.HATS, Category.BAGS);
    s3.deleteObject(b -> b.bucket(bucket).key(LookKeys.crop(cropGone, 1)));
    String missing = LookIds.newId();
    SQSEvent batch = new SQSEvent();
    batch.setRecords(
        List.of(
            message(event.getRecords().get(0), cropGone),
            message(event.getRecords().get(1), missing)));

    // when
    SQSBatchResponse response = handler.handleRequest(batch, null);

    // then: no retries; the look with the lost crop ends FAILED with a reason for a person
    assertThat(response.getBatchItemFailures()).isEmpty();
    Look failed = looks.get(cropGone).orElseThrow();
    assertThat(failed.status()).isEqualTo(LookStatus.FAILED);
    assertThat(failed.failureReason()).contains("item 1").doesNotContain("Exception");
    assertThat(looks.get(missing)).isEmpty();
  }

  // --- looks as the detect function leaves them ------------------------------------------------

  /** Writes one crop per category and records the look DETECTED; returns the crops' bytes. */
  private static List<byte[]> detected(String lookId, Category... categories) {
    List<byte[]> crops = new ArrayList<>();
    List<LookItem> items = new ArrayList<>();
    for (int i = 0; i < categories.length; i++) {
      byte[] jpeg = garment(i, categories[i]);
      String key = LookKeys.crop(lookId, i);
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(jpeg));
      crops.add(jpeg);
      items.add(
          new LookItem(
              i,
              categories[i],
              0.9 - i * 0.05,
              new Box(40 + 10 * i, 60 + 20 * i, 160, 200),
              key,
              null));
    }
    assertThat(
            looks.markDetected(
                lookId,
                "uploads/" + lookId + ".jpg",
                480,
                640,
                items,
                T0,
                T0.plus(Duration.ofDays(30))))
        .isTrue();
    return crops;
  }

  /** A garment-like shape in a colour of its own, as a JPEG crop. */
  private static byte[] garment(int itemNo, Category category) {
    BufferedImage img = new BufferedImage(160, 200, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(210, 205, 195));
    g.fillRect(0, 0, 160, 200);
    g.setColor(Color.getHSBColor((category.ordinal() * 0.37f + itemNo * 0.11f) % 1f, 0.7f, 0.8f));
    g.fillRoundRect(20, 15, 120, 170, 25, 25);
    g.setColor(g.getColor().darker());
    for (int y = 30; y < 180; y += 24) {
      g.fillRect(20, y, 120, 6);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void assertEmbedded(String lookId, List<byte[]> crops) {
    Look look = looks.get(lookId).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.EMBEDDED);
    assertThat(look.items()).hasSameSizeAs(crops);
    List<RgbImage> images =
        crops.stream().map(c -> ImageDecoder.withDefaultLimits().decode(c)).toList();
    float[][] expected = embedder.embed(images);
    for (int i = 0; i < crops.size(); i++) {
      float[] v = look.items().get(i).vector();
      assertThat(v).as("vector of item %d of %s", i, lookId).hasSize(embedder.dimension());
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      assertThat(Math.sqrt(norm)).as("norm of item %d's vector", i).isCloseTo(1.0, within(1e-4));
      assertThat(v)
          .as("item %d is the embedding of its crop", i)
          .containsExactly(expected[i], within(1e-4f));
    }
  }

  // --- messages ------------------------------------------------------------------------------

  private static String lookIdOf(SQSMessage m) {
    return EmbedMessage.fromJson(m.getBody()).lookId();
  }

  /** A copy of a message from the event file, for another look, with an id of its own. */
  private static SQSMessage message(SQSMessage template, String lookId) {
    SQSMessage m = new SQSMessage();
    m.setMessageId(UUID.randomUUID().toString());
    m.setReceiptHandle(template.getReceiptHandle());
    m.setBody(new EmbedMessage(lookId).toJson());
    m.setAttributes(template.getAttributes());
    m.setMessageAttributes(template.getMessageAttributes());
    m.setEventSource(template.getEventSource());
    m.setEventSourceArn(template.getEventSourceArn());
    m.setAwsRegion(template.getAwsRegion());
    return m;
  }
}
