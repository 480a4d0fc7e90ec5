package com.buythatlook.vision.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.core.look.FileLookStore;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.storage.FileBlobStore;
import com.buythatlook.vision.codec.ImageEncoder;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.onnx.Fixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embed step after a real detect step, with the ONNX fixtures. */
class EmbedStepTest {
  private static final String ID = "3f0c9a52-8d1e-4c1e-9a51-0d7f2f6b1a10";
  private static final String KEY = "uploads/" + ID + ".png";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
  private static OnnxDetector detector;
  private static OnnxEmbedder embedder;

  @TempDir Path tmp;
  private FileBlobStore bucket;
  private FileLookStore looks;

  @BeforeAll
  static void open() {
    detector = OnnxDetector.open(Fixtures.model("yolov8"));
    embedder = OnnxEmbedder.open(Fixtures.model("embedder"));
  }

  @AfterAll
  static void close() {
    detector.close();
    embedder.close();
  }

  @BeforeEach
  void detect() throws Exception {
    bucket = new FileBlobStore(tmp.resolve("bucket"));
    looks = new FileLookStore(tmp.resolve("looks"));
    byte[] png = ImageEncoder.png(Fixtures.solid(128, 64, 200, 10, 10));
    bucket.put(KEY, png);
    new DetectStep(
            bucket,
            detector,
            () -> EnumSet.allOf(com.buythatlook.core.catalog.Category.class),
            looks,
            new RecordingQueue(),
            DetectSettings.DEFAULT,
            CLOCK)
        .process(KEY, png.length);
  }

  private EmbedStep step() {
    return new EmbedStep(bucket, embedder, looks, Duration.ofDays(30), CLOCK);
  }

  @Test
  void embedsEveryCropAndMarksTheLookEmbedded() {
    assertThat(step().process(new EmbedMessage(ID))).isEqualTo(StepOutcome.ADVANCED);

    Look look = looks.get(ID).orElseThrow();
    assertThat(look.status()).isEqualTo(LookStatus.EMBEDDED);
    assertThat(look.items())
        .hasSize(2)
        .allSatisfy(
            item -> {
              assertThat(item.vector()).hasSize(embedder.dimension());
              double norm = 0;
              for (float v : item.vector()) {
                norm += v * v;
              }
              assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
            });
  }

  @Test
  void aRedeliveredMessageChangesNothing() {
    step().process(new EmbedMessage(ID));
    Look first = looks.get(ID).orElseThrow();

    assertThat(step().process(new EmbedMessage(ID))).isEqualTo(StepOutcome.DUPLICATE);
    assertThat(looks.get(ID).orElseThrow()).isEqualTo(first);
  }

  @Test
  void aMessageForAnUnknownLookIsDropped() {
    assertThat(step().process(new EmbedMessage("00000000-0000-0000-0000-000000000000")))
        .isEqualTo(StepOutcome.IGNORED);
  }

  @Test
  void aMissingCropFailsTheLookWithAReason() throws Exception {
    bucket.delete("crops/" + ID + "/1.jpg");

    assertThat(step().process(new EmbedMessage(ID))).isEqualTo(StepOutcome.FAILED);
    assertThat(looks.get(ID).orElseThrow().failureReason())
        .isEqualTo("the crop of item 1 (skirts) is gone; upload the photo again");
  }

  @Test
  void aPendingLookIsRetriedLater() {
    String other = "aaaaaaaa-0000-0000-0000-000000000001";
    looks.createPending(other, CLOCK.instant(), CLOCK.instant().plusSeconds(60));

    assertThatThrownBy(() -> step().process(new EmbedMessage(other)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("retry");
  }
}
