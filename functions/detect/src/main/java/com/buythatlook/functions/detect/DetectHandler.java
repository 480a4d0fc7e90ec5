package com.buythatlook.functions.detect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.vision.pipeline.DetectStep;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * S3 ObjectCreated on {@code uploads/} → {@link DetectStep}. An exception fails the invocation, so
 * Lambda retries it (twice, for asynchronous S3 invocations) and then hands the event to the
 * on-failure destination; the step is idempotent, so records already done in a retried batch are
 * harmless duplicates.
 */
public final class DetectHandler implements RequestHandler<S3Event, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(DetectHandler.class);

  private final DetectStep step;

  /** Used by the Lambda runtime: builds the step once per container from the environment. */
  public DetectHandler() {
    this(DetectFunction.fromEnvironment());
  }

  public DetectHandler(DetectStep step) {
    this.step = step;
  }

  /**
   * The handler exactly as Lambda builds it, but from the environment given here instead of the
   * process's: to run a deployed function's configuration elsewhere (the deployed-stack test reads
   * it from the created stack).
   */
  public static DetectHandler forEnvironment(Map<String, String> env, AwsClients aws) {
    return new DetectHandler(DetectFunction.build(env::get, aws));
  }

  @Override
  public Void handleRequest(S3Event event, Context context) {
    if (event == null || event.getRecords() == null) {
      LOG.warn("S3 event without records: ignored");
      return null;
    }
    for (S3EventNotificationRecord record : event.getRecords()) {
      if (record.getEventName() != null && !record.getEventName().startsWith("ObjectCreated")) {
        continue;
      }
      String key = record.getS3().getObject().getUrlDecodedKey();
      Long size = record.getS3().getObject().getSizeAsLong();
      LookKeys.parseUpload(key).ifPresent(u -> MDC.put("lookId", u.lookId()));
      try {
        var outcome = step.process(key, size == null ? 0 : size);
        LOG.info("detect {} → {}", key, outcome);
      } finally {
        MDC.remove("lookId");
      }
    }
    return null;
  }
}
