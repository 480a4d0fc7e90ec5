package com.buythatlook.functions.embed;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.vision.pipeline.EmbedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * SQS (up to 10 messages) → {@link EmbedStep} per look, answering with the ids of the messages that
 * failed ({@code ReportBatchItemFailures}) so only those are redelivered and, after the queue's
 * maxReceiveCount, moved to the dead-letter queue. A message that is not an embed message is logged
 * and dropped: redelivering it could never succeed.
 */
public final class EmbedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(EmbedHandler.class);

  private final EmbedStep step;

  /** Used by the Lambda runtime: builds the step once per container from the environment. */
  public EmbedHandler() {
    this(EmbedFunction.fromEnvironment());
  }

  public EmbedHandler(EmbedStep step) {
    this.step = step;
  }

  /**
   * The handler exactly as Lambda builds it, but from the environment given here instead of the
   * process's: to run a deployed function's configuration elsewhere (the deployed-stack test reads
   * it from the created stack).
   */
  public static EmbedHandler forEnvironment(Map<String, String> env, AwsClients aws) {
    return new EmbedHandler(EmbedFunction.build(env::get, aws));
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      return new SQSBatchResponse(failures);
    }
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      EmbedMessage body;
      try {
        body = EmbedMessage.fromJson(message.getBody());
      } catch (IllegalArgumentException e) {
        LOG.error("dropping message {}: {}", message.getMessageId(), e.getMessage());
        continue;
      }
      MDC.put("lookId", body.lookId());
      try {
        LOG.info("embed {} → {}", body.lookId(), step.process(body));
      } catch (RuntimeException e) {
        LOG.error("embedding look {} failed; the message will be retried", body.lookId(), e);
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      } finally {
        MDC.remove("lookId");
      }
    }
    return new SQSBatchResponse(failures);
  }
}
