package com.buythatlook.cli.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An SQS queue (moto_server's in the tests) as the event source mapping uses it. */
public record SqsQueue(SqsClient sqs, String url) implements SqsEventSource.Queue {

  /**
   * Creates a queue as template.yaml declares the embed queue: its visibility timeout, and a
   * dead-letter queue {@code name-dlq} after maxReceiveCount receives.
   *
   * @return the queue; its dead-letter queue is {@link #deadLetterQueue}
   */
  public static SqsQueue create(SqsClient sqs, String name, DeliveryRules rules) {
    String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
    String redrive;
    try {
      redrive =
          new ObjectMapper()
              .writeValueAsString(
                  Map.of(
                      "deadLetterTargetArn", new SqsQueue(sqs, dlqUrl).arn(),
                      "maxReceiveCount", Integer.toString(rules.maxReceiveCount())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String url =
        sqs.createQueue(
                b ->
                    b.queueName(name)
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                Long.toString(rules.visibilityTimeout().toSeconds()),
                                QueueAttributeName.REDRIVE_POLICY,
                                redrive)))
            .queueUrl();
    return new SqsQueue(sqs, url);
  }

  /** The queue {@link #create} made as this one's dead-letter queue. */
  public SqsQueue deadLetterQueue() {
    return new SqsQueue(sqs, sqs.getQueueUrl(b -> b.queueName(name() + "-dlq")).queueUrl());
  }

  public String name() {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  public String arn() {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  public void send(String body) {
    sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
  }

  @Override
  public List<Message> receive(int max, Duration wait) {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(max)
                    .waitTimeSeconds((int) wait.toSeconds())
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  @Override
  public void delete(List<Message> messages) {
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
    for (Message m : messages) {
      entries.add(
          DeleteMessageBatchRequestEntry.builder()
              .id(Integer.toString(entries.size()))
              .receiptHandle(m.receiptHandle())
              .build());
    }
    sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
  }

  /** Messages in the queue, visible, in flight or delayed. */
  public int size() {
    return sqs
        .getQueueAttributes(
            b ->
                b.queueUrl(url)
                    .attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
        .attributesAsStrings()
        .values()
        .stream()
        .mapToInt(Integer::parseInt)
        .sum();
  }
}
