package com.buythatlook.vision.pipeline;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.core.look.LookStore;
import com.buythatlook.core.storage.BlobStore;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DETECTED look → EMBEDDED: reads its crops, embeds them all in one batched call and stores the
 * vectors. A look that is already EMBEDDED or FAILED is a redelivery and is left alone.
 */
public final class EmbedStep {
  private static final Logger LOG = LoggerFactory.getLogger(EmbedStep.class);

  private final BlobStore bucket;
  private final Embedder embedder;
  private final LookStore looks;
  private final ImageDecoder decoder;
  private final Duration lookTtl;
  private final Clock clock;

  public EmbedStep(
      BlobStore bucket, Embedder embedder, LookStore looks, Duration lookTtl, Clock clock) {
    this.bucket = bucket;
    this.embedder = embedder;
    this.looks = looks;
    this.decoder = ImageDecoder.withDefaultLimits();
    this.lookTtl = lookTtl;
    this.clock = clock;
  }

  /**
   * @throws IllegalStateException when the look is still PENDING (the message overtook the detect
   *     step's write, which cannot happen with a consistent store; retrying is right)
   * @throws UncheckedIOException when storage fails: the message is retried
   */
  public StepOutcome process(EmbedMessage message) {
    String lookId = message.lookId();
    Optional<Look> found = looks.get(lookId);
    if (found.isEmpty()) {
      // nothing to attach vectors to (expired by TTL, or a hand-made message): retrying won't help
      LOG.warn("embed message for look {}, which does not exist: dropped", lookId);
      return StepOutcome.IGNORED;
    }
    Look look = found.get();
    if (look.status().isTerminal()) {
      return StepOutcome.DUPLICATE;
    }
    if (look.status() != LookStatus.DETECTED) {
      throw new IllegalStateException(
          "look " + lookId + " is " + look.status() + ", not DETECTED yet: retry later");
    }
    List<RgbImage> crops = new ArrayList<>(look.items().size());
    for (LookItem item : look.items()) {
      Optional<byte[]> bytes = read(item.cropKey());
      if (bytes.isEmpty()) {
        return fail(
            look,
            "the crop of item "
                + item.itemNo()
                + " ("
                + item.category().wireName()
                + ") is gone; upload the photo again");
      }
      try {
        crops.add(decoder.decode(bytes.get()));
      } catch (ImageRejectedException e) {
        return fail(
            look, "the crop of item " + item.itemNo() + " cannot be read: " + e.getMessage());
      }
    }
    float[][] vectors = crops.isEmpty() ? new float[0][] : embedder.embed(crops);
    List<LookItem> embedded = new ArrayList<>(crops.size());
    for (int i = 0; i < look.items().size(); i++) {
      embedded.add(look.items().get(i).withVector(vectors[i]));
    }
    if (!looks.markEmbedded(lookId, embedded, clock.instant())) {
      return StepOutcome.DUPLICATE;
    }
    LOG.info("look {} embedded {} item(s)", lookId, embedded.size());
    return StepOutcome.ADVANCED;
  }

  private StepOutcome fail(Look look, String reason) {
    var now = clock.instant();
    if (looks.markFailed(look.lookId(), look.imageKey(), reason, now, now.plus(lookTtl))) {
      LOG.info("look {} failed: {}", look.lookId(), reason);
      return StepOutcome.FAILED;
    }
    return StepOutcome.DUPLICATE;
  }

  private Optional<byte[]> read(String key) {
    try {
      return bucket.get(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
