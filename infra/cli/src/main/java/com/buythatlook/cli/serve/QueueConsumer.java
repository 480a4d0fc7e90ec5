package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.buythatlook.cli.serve.LocalQueue.Delivery;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's SQS event source mapping, in-process: one thread receives up to 10 messages from the
 * {@link LocalQueue}, hands them to the embed handler as one {@link SQSEvent} built as SQS does,
 * and deletes the messages the handler did not report in {@code batchItemFailures}
 * ({@code ReportBatchItemFailures}). If the handler throws, or reports an id that was not in the
 * batch, the whole batch counts as failed, as Lambda counts it. Failed messages come back after
 * the queue's visibility timeout and end in its dead-letter folder after the fifth receive.
 */
final class QueueConsumer implements AutoCloseable {
  static final String FUNCTION_NAME = "btl-embed";
  static final String QUEUE_ARN = "arn:aws:sqs:" + S3Events.REGION + ":000000000000:btl-embed";
  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
  private static final int BATCH_SIZE = 10;
  /** How long one receive waits: also how quickly a shutdown request is noticed. */
  private static final Duration POLL = Duration.ofMillis(500);

  private final LocalQueue queue;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final Duration functionTimeout;
  private final Thread thread;
  private volatile boolean running = true;

  QueueConsumer(
      LocalQueue queue,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      Duration functionTimeout) {
    this.queue = queue;
    this.handler = handler;
    this.functionTimeout = functionTimeout;
    this.thread = new Thread(this::run, "btl-embed");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    while (running) {
      List<Delivery> batch;
      try {
        batch = queue.receive(BATCH_SIZE, POLL);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("cannot read the embed queue; trying again in a second", e);
        sleepQuietly(Duration.ofSeconds(1));
        continue;
      }
      if (!batch.isEmpty()) {
        deliver(batch);
      }
    }
  }

  /** One invocation of the embed function with one batch. */
  void deliver(List<Delivery> batch) {
    Set<String> failed = invoke(batch);
    for (Delivery d : batch) {
      if (failed.contains(d.messageId())) {
        continue;
      }
      try {
        queue.delete(d.receiptHandle());
      } catch (RuntimeException e) {
        // the message comes back after the visibility timeout; embedding it again is harmless
        LOG.warn("cannot delete embed message {}: {}", d.messageId(), e.toString());
      }
    }
  }

  private Set<String> invoke(List<Delivery> batch) {
    Set<String> all = new HashSet<>();
    batch.forEach(d -> all.add(d.messageId()));
    SQSBatchResponse response;
    try {
      response = handler.handleRequest(event(batch),
          LocalContext.invocation(FUNCTION_NAME, functionTimeout, 2048));
    } catch (RuntimeException | LinkageError e) {
      LOG.error("the embed function failed for a batch of {} message(s); they will be"
          + " delivered again", batch.size(), e);
      return all;
    }
    if (response == null || response.getBatchItemFailures() == null) {
      return Set.of();
    }
    Set<String> failed = new HashSet<>();
    for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
      String id = f == null ? null : f.getItemIdentifier();
      if (id == null || !all.contains(id)) {
        LOG.error("the embed function reported a failure for '{}', which is not in the batch:"
            + " the whole batch counts as failed", id);
        return all;
      }
      failed.add(id);
    }
    return failed;
  }

  /** The event the Lambda SQS poller sends: one record per message with SQS's attributes. */
  static SQSEvent event(List<Delivery> batch) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Delivery d : batch) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId(d.messageId());
      m.setReceiptHandle(d.receiptHandle());
      m.setBody(d.body());
      m.setMd5OfBody(md5Hex(d.body()));
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("ApproximateReceiveCount", Integer.toString(d.receiveCount()));
      attributes.put("SentTimestamp", Long.toString(d.sentAt().toEpochMilli()));
      attributes.put("SenderId", "btl-detect");
      attributes.put("ApproximateFirstReceiveTimestamp",
          Long.toString(d.firstReceivedAt().toEpochMilli()));
      m.setAttributes(attributes);
      m.setMessageAttributes(Map.of());
      m.setEventSource("aws:sqs");
      m.setEventSourceArn(QUEUE_ARN);
      m.setAwsRegion(S3Events.REGION);
      records.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static String md5Hex(String body) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8));
      return String.format("%032x", new BigInteger(1, digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  private static void sleepQuietly(Duration d) {
    try {
      TimeUnit.MILLISECONDS.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops receiving and lets the batch in progress finish. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(functionTimeout.toMillis() + POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("the embed batch in progress did not finish in {} s; its messages are delivered"
          + " again at the next start", functionTimeout.toSeconds());
      thread.interrupt();
    }
  }
}
