package com.buythatlook.cli.delivery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Lambda's SQS event source mapping with {@code ReportBatchItemFailures}: it receives up to {@link
 * DeliveryRules#batchSize()} messages, hands them to the function as one {@link SQSEvent}, and
 * deletes every message the function did not report in {@code batchItemFailures}. If the function
 * throws, or reports an id that is not in the batch, the whole batch counts as failed, as Lambda
 * counts it. What happens to a failed message — hidden for the visibility timeout, then delivered
 * again, and moved to the dead-letter queue after maxReceiveCount receives — is the queue's: SQS's
 * own (moto_server in the tests) or {@link LocalQueue}.
 */
public final class SqsEventSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);

  /** How long one receive of the poller waits: also how soon a close is noticed. */
  private static final Duration POLL = Duration.ofMillis(500);

  /** The SQS calls the event source makes. */
  public interface Queue {
    /** Up to {@code max} messages, with their system attributes, waiting up to {@code wait}. */
    List<Message> receive(int max, Duration wait) throws InterruptedException;

    void delete(List<Message> messages);
  }

  /**
   * One invocation.
   *
   * @param failed the ids of the messages left in the queue
   * @param error what the function threw, or null
   */
  public record Batch(List<Message> messages, Set<String> failed, RuntimeException error) {}

  private final Queue queue;
  private final String queueArn;
  private final String region;
  private final int batchSize;
  private final RequestHandler<SQSEvent, SQSBatchResponse> function;
  private final Supplier<Context> contexts;
  private final Duration functionTimeout;
  private Thread poller;
  private volatile boolean running;

  /**
   * @param contexts a fresh Lambda context per invocation
   * @param functionTimeout how long {@link #close} waits for the batch in progress
   */
  public SqsEventSource(
      Queue queue,
      String queueArn,
      String region,
      DeliveryRules rules,
      RequestHandler<SQSEvent, SQSBatchResponse> function,
      Supplier<Context> contexts,
      Duration functionTimeout) {
    this.queue = queue;
    this.queueArn = queueArn;
    this.region = region;
    this.batchSize = rules.batchSize();
    this.function = function;
    this.contexts = contexts;
    this.functionTimeout = functionTimeout;
  }

  /** One receive and, if it brought messages, one invocation; null when none came. */
  public Batch poll(Duration wait) throws InterruptedException {
    List<Message> messages = queue.receive(batchSize, wait);
    return messages.isEmpty() ? null : deliver(messages);
  }

  /** One invocation with these messages, then the deletes. */
  public Batch deliver(List<Message> messages) {
    Set<String> ids = new HashSet<>();
    messages.forEach(m -> ids.add(m.messageId()));
    Set<String> failed = new HashSet<>();
    RuntimeException error = null;
    try {
      SQSBatchResponse response =
          function.handleRequest(event(messages, queueArn, region), contexts.get());
      if (response != null && response.getBatchItemFailures() != null) {
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
          String id = f == null ? null : f.getItemIdentifier();
          if (id == null || !ids.contains(id)) {
            LOG.error(
                "the function reported a failure for '{}', which is not in the batch:"
                    + " the whole batch counts as failed",
                id);
            failed = ids;
            break;
          }
          failed.add(id);
        }
      }
    } catch (RuntimeException e) {
      error = e;
      failed = ids;
    }
    List<Message> done = new ArrayList<>();
    for (Message m : messages) {
      if (!failed.contains(m.messageId())) {
        done.add(m);
      }
    }
    if (!done.isEmpty()) {
      queue.delete(done);
    }
    return new Batch(messages, Set.copyOf(failed), error);
  }

  /** The event the Lambda SQS poller sends: one record per message with SQS's attributes. */
  public static SQSEvent event(List<Message> messages, String queueArn, String region) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
      r.setMessageId(m.messageId());
      r.setReceiptHandle(m.receiptHandle());
      r.setBody(m.body());
      r.setMd5OfBody(m.md5OfBody());
      r.setAttributes(Map.copyOf(m.attributesAsStrings()));
      r.setMessageAttributes(Map.of());
      r.setEventSource("aws:sqs");
      r.setEventSourceArn(queueArn);
      r.setAwsRegion(region);
      records.add(r);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  /** Polls on a thread of its own until {@link #close}, as the mapping's poller does. */
  public void start(String threadName) {
    running = true;
    poller =
        new Thread(
            () -> {
              while (running) {
                try {
                  Batch b = poll(POLL);
                  if (b != null && b.error() != null) {
                    LOG.error(
                        "{} failed for a batch of {} message(s); they will be delivered again",
                        threadName,
                        b.messages().size(),
                        b.error());
                  }
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  LOG.error("cannot read or delete from {}; trying again in a second", queueArn, e);
                  try {
                    Thread.sleep(1000);
                  } catch (InterruptedException ie) {
                    return;
                  }
                }
              }
            },
            threadName);
    poller.setDaemon(true);
    poller.start();
  }

  /** Stops polling and lets the batch in progress finish. */
  @Override
  public void close() {
    running = false;
    if (poller == null) {
      return;
    }
    try {
      poller.join(functionTimeout.toMillis() + POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (poller.isAlive()) {
      LOG.warn(
          "the batch in progress did not finish in {} s; its messages are delivered again"
              + " at the next start",
          functionTimeout.toSeconds());
      poller.interrupt();
    }
  }
}
