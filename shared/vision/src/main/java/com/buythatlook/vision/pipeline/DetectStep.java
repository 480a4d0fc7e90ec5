package com.buythatlook.vision.pipeline;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.image.ImageFormat;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.core.look.EmbedQueue;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.look.LookStore;
import com.buythatlook.core.storage.BlobStore;
import com.buythatlook.core.text.Printable;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageEncoder;
import com.buythatlook.vision.codec.ImageLimits;
import com.buythatlook.vision.codec.ImageRejectedException;
import com.buythatlook.vision.detect.DetectionFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An uploaded photo → its items: checks size and format before downloading, decodes under limits,
 * stores a copy of the photo (the one the look shows), detects, applies the seed's filters, stores
 * one JPEG crop per item, records the look as DETECTED and enqueues one embed message. See the
 * package comment for the failure rules.
 */
public final class DetectStep {
  private static final Logger LOG = LoggerFactory.getLogger(DetectStep.class);

  private final BlobStore bucket;
  private final Detector detector;
  private final Supplier<Set<Category>> indexedCategories;
  private final LookStore looks;
  private final EmbedQueue queue;
  private final DetectSettings settings;
  private final ImageDecoder decoder;
  private final Clock clock;

  /**
   * @param bucket the images bucket, keys from its root ({@code uploads/…}, {@code crops/…})
   * @param indexedCategories the categories the live index has products for; asked once per photo
   *     (an index reader caches it); may throw when no index is published, which is an
   *     infrastructure error and is retried
   */
  public DetectStep(
      BlobStore bucket,
      Detector detector,
      Supplier<Set<Category>> indexedCategories,
      LookStore looks,
      EmbedQueue queue,
      DetectSettings settings,
      Clock clock) {
    this.bucket = bucket;
    this.detector = detector;
    this.indexedCategories = indexedCategories;
    this.looks = looks;
    this.queue = queue;
    this.settings = settings;
    this.decoder =
        new ImageDecoder(new ImageLimits(settings.maxUploadBytes(), settings.maxPixels()));
    this.clock = clock;
  }

  /**
   * Processes one ObjectCreated event.
   *
   * @param key the object key, already URL-decoded
   * @param size the object size the event reports, in bytes
   * @throws UncheckedIOException or another runtime exception when storage, the table or the queue
   *     fails: the caller lets the invocation fail so that it is retried
   */
  public StepOutcome process(String key, long size) {
    Optional<LookKeys.Upload> upload = LookKeys.parseUpload(key);
    if (upload.isEmpty()) {
      LOG.warn(
          "ignoring object {}: not uploads/{{lookId}}.{{jpg|png|webp}}", Printable.cut(key, 80));
      return StepOutcome.IGNORED;
    }
    String lookId = upload.get().lookId();
    Optional<Look> existing = looks.get(lookId);
    if (existing.isPresent() && existing.get().status() != LookStatus.PENDING) {
      return resumeOrSkip(existing.get());
    }
    Optional<ImageFormat> type = ImageFormat.ofExtension(upload.get().extension());
    if (type.isEmpty()) {
      return fail(
          lookId,
          key,
          "photos must be JPEG, PNG or WebP; this upload is named '."
              + Printable.cut(upload.get().extension(), 80)
              + "'");
    }
    if (size > settings.maxUploadBytes()) {
      return fail(lookId, key, tooLarge(size));
    }
    byte[] bytes = read(key);
    if (bytes == null) {
      return fail(lookId, key, "the uploaded photo was deleted before it could be processed");
    }
    if (bytes.length > settings.maxUploadBytes()) {
      return fail(lookId, key, tooLarge(bytes.length));
    }
    RgbImage image;
    try {
      image = decoder.decode(bytes);
    } catch (ImageRejectedException e) {
      return fail(lookId, key, e.getMessage());
    }
    // the look shows a copy of exactly these bytes: a second upload to the same key changes
    // the upload, not the photo its boxes and matches were found in
    String photoKey = LookKeys.photo(lookId, digest(bytes), type.get());
    write(photoKey, bytes);
    List<Detection> kept = filter().apply(detector.detect(image));
    List<LookItem> items = new ArrayList<>(kept.size());
    for (int i = 0; i < kept.size(); i++) {
      Detection d = kept.get(i);
      String cropKey = LookKeys.crop(lookId, i);
      // deterministic bytes under a deterministic key: a retried invocation rewrites the same crop
      write(cropKey, ImageEncoder.jpeg(image.crop(d.box()), settings.cropQuality()));
      items.add(new LookItem(i, d.category(), d.score(), d.box(), cropKey, null));
    }
    Instant now = clock.instant();
    if (!looks.markDetected(
        lookId,
        photoKey,
        image.width(),
        image.height(),
        items,
        now,
        now.plus(settings.lookTtl()))) {
      // another delivery of this event got there first; make sure its message went out
      return looks.get(lookId).map(this::resumeOrSkip).orElse(StepOutcome.DUPLICATE);
    }
    queue.send(new EmbedMessage(lookId));
    LOG.info(
        "look {} detected {} item(s) in a {}x{} photo",
        lookId,
        items.size(),
        image.width(),
        image.height());
    return StepOutcome.ADVANCED;
  }

  /**
   * A look already past PENDING. If it is DETECTED, a previous run may have died between recording
   * it and sending its message: send again (embedding is idempotent), so the look cannot stall in
   * DETECTED.
   */
  private StepOutcome resumeOrSkip(Look look) {
    if (look.status() == LookStatus.DETECTED) {
      queue.send(new EmbedMessage(look.lookId()));
    }
    LOG.info("look {} is already {}: duplicate event", look.lookId(), look.status());
    return StepOutcome.DUPLICATE;
  }

  private DetectionFilter filter() {
    DetectionFilter f =
        DetectionFilter.NONE
            .withMinScore(settings.minScoreFor(detector))
            .withBestPerCategory(settings.bestPerCategory());
    return settings.indexedCategoriesOnly() ? f.withCategories(indexedCategories.get()) : f;
  }

  private StepOutcome fail(String lookId, String key, String reason) {
    Instant now = clock.instant();
    if (looks.markFailed(lookId, key, reason, now, now.plus(settings.lookTtl()))) {
      LOG.info("look {} failed: {}", lookId, reason);
      return StepOutcome.FAILED;
    }
    return StepOutcome.DUPLICATE;
  }

  private String tooLarge(long size) {
    return "the photo is "
        + megabytes(size)
        + "; the limit is "
        + megabytes(settings.maxUploadBytes())
        + ": upload a smaller photo";
  }

  static String megabytes(long bytes) {
    double mb = bytes / (1024.0 * 1024.0);
    return mb >= 10 || mb == Math.rint(mb)
        ? String.format(java.util.Locale.ROOT, "%.0f MB", mb)
        : String.format(java.util.Locale.ROOT, "%.1f MB", mb);
  }

  /** The first 16 hex digits of the SHA-256 of {@code bytes}. */
  static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] read(String key) {
    try {
      return bucket.get(key).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String key, byte[] bytes) {
    try {
      bucket.put(key, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
