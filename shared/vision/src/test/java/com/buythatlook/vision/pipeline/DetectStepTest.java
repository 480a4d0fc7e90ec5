package com.buythatlook.vision.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.look.FileLookStore;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.storage.FileBlobStore;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageEncoder;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.onnx.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detect step over a folder "bucket", the file look store and the YOLOv8 fixture, whose output
 * is fixed (see OnnxDetectorTest): tops 0.90, skirts 0.85, footwear 0.70, tops 0.60.
 */
class DetectStepTest {
  private static final String ID = "3f0c9a52-8d1e-4c1e-9a51-0d7f2f6b1a10";
  private static final String KEY = "uploads/" + ID + ".png";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
  private static OnnxDetector detector;

  @TempDir Path tmp;
  private FileBlobStore bucket;
  private FileLookStore looks;
  private RecordingQueue queue;
  private Set<Category> indexed;

  @BeforeAll
  static void open() {
    detector = OnnxDetector.open(Fixtures.model("yolov8"));
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  @BeforeEach
  void setUp() {
    bucket = new FileBlobStore(tmp.resolve("bucket"));
    looks = new FileLookStore(tmp.resolve("looks"));
    queue = new RecordingQueue();
    indexed = EnumSet.allOf(Category.class);
  }

  private DetectStep step(DetectSettings settings) {
    return new DetectStep(bucket, detector, () -> indexed, looks, queue, settings, CLOCK);
  }

  private DetectStep step() {
    return step(DetectSettings.DEFAULT);
  }

  private long upload(String key, byte[] bytes) throws Exception {
    bucket.put(key, bytes);
    return bytes.length;
  }

  private static byte[] photo() {
    return ImageEncoder.png(Fixtures.solid(128, 64, 200, 10, 10));
  }

  @Test
  void detectsCropsRecordsAndEnqueuesAPhoto() throws Exception {
    long size = upload(KEY, photo());

    assertThat(step().process(KEY, size)).isEqualTo(StepOutcome.ADVANCED);

    Look look = looks.get(ID).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.DETECTED);
    assertThat(look.imageKey())
        .isEqualTo(LookKeys.photo(ID, DetectStep.digest(photo()), ImageFormat.PNG));
    assertThat(bucket.get(look.imageKey()))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(photo()));
    assertThat(look.width()).isEqualTo(128);
    assertThat(look.height()).isEqualTo(64);
    // the seed's filters: score ≥ 0.75 and one item per category
    assertThat(look.items())
        .extracting(LookItem::category)
        .containsExactly(Category.TOPS, Category.SKIRTS);
    assertThat(look.items())
        .extracting(LookItem::cropKey)
        .containsExactly("crops/" + ID + "/0.jpg", "crops/" + ID + "/1.jpg");
    assertThat(look.items()).allSatisfy(i -> assertThat(i.vector()).isNull());
    var crop =
        ImageDecoder.withDefaultLimits().decode(bucket.get("crops/" + ID + "/0.jpg").orElseThrow());
    assertThat(crop.width()).isEqualTo(20);
    assertThat(crop.height()).isEqualTo(20);
    assertThat(queue.sent).extracting(m -> m.lookId()).containsExactly(ID);
    assertThat(look.expiresAt()).isEqualTo(Instant.parse("2026-12-26T12:00:00Z"));
  }

  @Test
  void aSecondUploadToTheSameLookCannotChangeWhatTheLookShows() throws Exception {
    long size = upload(KEY, photo());
    step().process(KEY, size);
    Look first = looks.get(ID).orElseThrow();
    byte[] firstCrop = bucket.get(first.items().get(0).cropKey()).orElseThrow();

    // the presigned form is used again, with another photo, and its event arrives
    byte[] other = ImageEncoder.png(Fixtures.solid(96, 96, 10, 200, 10));
    long otherSize = upload(KEY, other);
    assertThat(step().process(KEY, otherSize)).isEqualTo(StepOutcome.DUPLICATE);

    Look after = looks.get(ID).orElseThrow();
    assertThat(after).isEqualTo(first);
    assertThat(bucket.get(after.imageKey()))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(photo()));
    assertThat(bucket.get(after.items().get(0).cropKey()))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(firstCrop));
    assertThat(bucket.get(KEY)).hasValueSatisfying(b -> assertThat(b).isEqualTo(other));
  }

  @Test
  void aDuplicateEventChangesNothingAndOnlyRepeatsTheMessage() throws Exception {
    long size = upload(KEY, photo());
    step().process(KEY, size);
    Look first = looks.get(ID).orElseThrow();

    assertThat(step().process(KEY, size)).isEqualTo(StepOutcome.DUPLICATE);

    assertThat(looks.get(ID).orElseThrow()).isEqualTo(first);
    assertThat(bucket.list("crops/" + ID + "/")).hasSize(2);
    // a repeated message is harmless (embedding is idempotent) and unsticks a look whose first
    // message was lost between the table write and the send
    assertThat(queue.sent).extracting(m -> m.lookId()).containsExactly(ID, ID);
  }

  @Test
  void keepsOnlyCategoriesTheIndexHasAndHonoursTheScoreSetting() throws Exception {
    long size = upload(KEY, photo());
    indexed = EnumSet.of(Category.SKIRTS, Category.FOOTWEAR);
    DetectSettings looser =
        new DetectSettings(10 << 20, 40_000_000, 0.5, true, true, java.time.Duration.ofDays(1), 90);

    step(looser).process(KEY, size);

    assertThat(looks.get(ID).orElseThrow().items())
        .extracting(LookItem::category)
        .containsExactly(Category.SKIRTS, Category.FOOTWEAR);
  }

  @Test
  void aPendingLookFromPostLooksMovesToDetected() throws Exception {
    looks.createPending(ID, CLOCK.instant(), CLOCK.instant().plusSeconds(3600));
    long size = upload(KEY, photo());

    assertThat(step().process(KEY, size)).isEqualTo(StepOutcome.ADVANCED);
    assertThat(looks.get(ID).orElseThrow().status()).isEqualTo(LookStatus.DETECTED);
  }

  @Test
  void aFileThatIsNoImageEndsFailedWithAReasonAndIsNotEnqueued() throws Exception {
    long size =
        upload(KEY, "<html><body>not a photo</body></html>".getBytes(StandardCharsets.UTF_8));

    assertThat(step().process(KEY, size)).isEqualTo(StepOutcome.FAILED);

    Look look = looks.get(ID).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.FAILED);
    assertThat(look.failureReason()).isNotBlank();
    assertThat(queue.sent).isEmpty();
    assertThat(bucket.list("crops/")).isEmpty();
  }

  @Test
  void anUnsupportedExtensionEndsFailed() throws Exception {
    String key = "uploads/" + ID + ".gif";
    long size = upload(key, photo());

    assertThat(step().process(key, size)).isEqualTo(StepOutcome.FAILED);
    assertThat(looks.get(ID).orElseThrow().failureReason())
        .isEqualTo("photos must be JPEG, PNG or WebP; this upload is named '.gif'");
  }

  @Test
  void anUploadOverTheLimitFailsWithoutBeingDownloaded() {
    // nothing is stored under the key: a download attempt would end in "deleted" instead
    assertThat(step().process(KEY, 25L * 1024 * 1024)).isEqualTo(StepOutcome.FAILED);
    assertThat(looks.get(ID).orElseThrow().failureReason())
        .isEqualTo("the photo is 25 MB; the limit is 10 MB: upload a smaller photo");
  }

  @Test
  void anUploadDeletedBeforeProcessingEndsFailed() {
    assertThat(step().process(KEY, 1000)).isEqualTo(StepOutcome.FAILED);
    assertThat(looks.get(ID).orElseThrow().failureReason()).contains("deleted");
  }

  @Test
  void keysThatNameNoLookAreIgnored() throws Exception {
    upload("uploads/../etc/passwd", photo());
    assertThat(step().process("catalog/images/1.jpg", 10)).isEqualTo(StepOutcome.IGNORED);
    assertThat(step().process("uploads/short.jpg", 10)).isEqualTo(StepOutcome.IGNORED);
    assertThat(step().process("uploads/../etc/passwd", 10)).isEqualTo(StepOutcome.IGNORED);
    assertThat(queue.sent).isEmpty();
  }

  @Test
  void aLateEventNeverMovesAnEmbeddedLookBack() throws Exception {
    long size = upload(KEY, photo());
    step().process(KEY, size);
    var items =
        looks.get(ID).orElseThrow().items().stream()
            .map(i -> i.withVector(new float[] {1, 0}))
            .toList();
    looks.markEmbedded(ID, items, CLOCK.instant());
    queue.sent.clear();

    assertThat(step().process(KEY, size)).isEqualTo(StepOutcome.DUPLICATE);

    assertThat(looks.get(ID).orElseThrow().status()).isEqualTo(LookStatus.EMBEDDED);
    assertThat(queue.sent).isEmpty();
  }
}
