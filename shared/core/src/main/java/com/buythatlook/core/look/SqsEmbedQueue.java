package com.buythatlook.core.look;

import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@link EmbedQueue} on an SQS standard queue: one message per look, body {@link
 * EmbedMessage#toJson()}. Standard queues deliver at least once and in no particular order, which
 * the embed step tolerates (its write is conditional on the look being DETECTED).
 */
public final class SqsEmbedQueue implements EmbedQueue {
  private final SqsClient sqs;
  private final String queueUrl;

  /**
   * @param queueUrl the queue's URL (not its name or ARN), e.g. from the function's environment
   */
  public SqsEmbedQueue(SqsClient sqs, String queueUrl) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
  }

  /**
   * @throws EmbedQueueException when SQS does not take the message after the client's own retries;
   *     the caller lets it fail the invocation so that the event is retried
   */
  @Override
  public void send(EmbedMessage message) {
    String body = message.toJson();
    try {
      sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    } catch (QueueDoesNotExistException e) {
      throw new EmbedQueueException(
          "could not queue look "
              + message.lookId()
              + " for embedding: there is no SQS queue "
              + queueUrl
              + " in this account and region; check the queue URL the function is"
              + " configured with",
          e);
    } catch (SdkException e) {
      throw new EmbedQueueException(
          "could not queue look "
              + message.lookId()
              + " for embedding on "
              + queueUrl
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "SqsEmbedQueue[" + queueUrl + "]";
  }
}
