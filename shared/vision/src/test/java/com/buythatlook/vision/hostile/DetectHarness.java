package com.buythatlook.vision.hostile;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.look.FileLookStore;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.storage.FileBlobStore;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.pipeline.DetectSettings;
import com.buythatlook.vision.pipeline.DetectStep;
import com.buythatlook.vision.pipeline.RecordingQueue;
import com.buythatlook.vision.pipeline.StepOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;

/**
 * Puts one hostile upload where the detect function finds it ({@code uploads/{id}.{ext}} in a
 * folder bucket) and runs {@link DetectStep} on it with the default settings and the real default
 * detector, as the detect handler does for an S3 event.
 */
final class DetectHarness implements AutoCloseable {

  /** The trained default detector, relative to the module (tests run in shared/vision). */
  static final Path DEFAULT_DETECTOR = Path.of("../../infra/models/detector");

  /**
   * What became of one upload.
   *
   * @param status the look's status afterwards
   * @param reason the failure reason, {@code null} unless FAILED
   * @param items how many items were detected
   * @param enqueued how many embed messages went out for it
   */
  record Result(
      StepOutcome outcome,
      LookStatus status,
      String reason,
      int width,
      int height,
      int items,
      int enqueued) {}

  private final OnnxDetector detector;
  private final FileBlobStore bucket;
  private final FileLookStore looks;
  private final RecordingQueue queue = new RecordingQueue();
  private final DetectStep step;

  DetectHarness(Path detectorDir, Path workDir) {
    this(detectorDir, workDir, DetectSettings.DEFAULT);
  }

  /** With other settings, e.g. a zero MIN_SCORE so that every candidate box is cropped. */
  DetectHarness(Path detectorDir, Path workDir, DetectSettings settings) {
    this.detector = OnnxDetector.open(detectorDir);
    this.bucket = new FileBlobStore(workDir.resolve("bucket"));
    this.looks = new FileLookStore(workDir.resolve("looks"));
    this.step =
        new DetectStep(
            bucket,
            detector,
            () -> EnumSet.allOf(Category.class),
            looks,
            queue,
            settings,
            Clock.systemUTC());
  }

  static String lookId(HostileImages.Case c) {
    return "hostile-" + c.name();
  }

  /** Uploads the case's bytes (not timed by callers that time {@link #process}). */
  String upload(HostileImages.Case c) {
    String key = "uploads/" + lookId(c) + "." + c.extension();
    try {
      bucket.put(key, c.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return key;
  }

  /** What the handler does for one ObjectCreated record of {@code key}. */
  StepOutcome process(String key, long size) {
    return step.process(key, size);
  }

  Result result(HostileImages.Case c, StepOutcome outcome) {
    String id = lookId(c);
    Look look = looks.get(id).orElseThrow(() -> new AssertionError("no look " + id));
    int enqueued = (int) queue.sent.stream().filter(m -> m.lookId().equals(id)).count();
    return new Result(
        outcome,
        look.status(),
        look.failureReason(),
        look.width(),
        look.height(),
        look.items().size(),
        enqueued);
  }

  @Override
  public void close() {
    detector.close();
  }
}
