package com.buythatlook.cli.chaos;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.buythatlook.cli.delivery.AsyncInvocation;
import com.buythatlook.cli.delivery.SqsEventSource;
import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.core.look.LookKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What AWS does around the two functions, with several function instances ({@code workers}) running
 * at once. The rules are btl's delivery package, as {@code btl serve} uses them:
 *
 * <ul>
 *   <li>S3 → detect, {@link com.buythatlook.cli.delivery.AsyncInvocation}: one record per event,
 *       delivered at least once and in no particular order (the pending events are drawn at
 *       random); a failed attempt's retry goes back among the pending events (Lambda waits a minute
 *       or two), and after the last one the record goes to the on-failure queue.
 *   <li>SQS → embed, {@link com.buythatlook.cli.delivery.SqsEventSource} on the stack's queue;
 *       visibility timeout and RedrivePolicy are moto's own.
 * </ul>
 *
 * <p>Duplicates: a chosen set of S3 events is delivered twice, and for a chosen set of looks the
 * first received embed message is handed over a second time later (same message id and receipt
 * handle, as an at-least-once redelivery). Interleaving: each step is an S3 invocation or an SQS
 * batch, drawn at random.
 */
final class LambdaEmulator {
  /** Counts of one run. */
  static final class Counts {
    int s3Deliveries;
    int s3Duplicates;
    int s3Retries;
    int s3Failures;
    int detectDlq;
    int sqsDeliveries;
    int sqsCopies;
    int sqsBatches;
    int batchItemFailures;
    int embedInvocationErrors;
    final Set<String> embedLooks = new HashSet<>();
    final Set<String> s3Looks = new HashSet<>();

    /** Deliveries beyond the first for a look, in both sources. */
    int duplicates() {
      return s3Deliveries - s3Looks.size() + sqsDeliveries - embedLooks.size();
    }

    int events() {
      return s3Deliveries + sqsDeliveries;
    }

    @Override
    public String toString() {
      return "S3 deliveries "
          + s3Deliveries
          + " ("
          + s3Duplicates
          + " duplicated, "
          + s3Retries
          + " retries after "
          + s3Failures
          + " failed invocations, "
          + detectDlq
          + " to the on-failure queue); SQS records "
          + sqsDeliveries
          + " in "
          + sqsBatches
          + " batches ("
          + sqsCopies
          + " redelivered copies, "
          + batchItemFailures
          + " batch item failures, "
          + embedInvocationErrors
          + " failed invocations)";
    }
  }

  /** An S3 event and its attempt, 1 for the first. */
  private record S3Delivery(S3Event event, int attempt) {}

  private final ChaosStack stack;
  private final SplittableRandom random;
  private final int workers;
  private final Set<String> copyLooks;

  private final Object lock = new Object();
  private final List<S3Delivery> s3 = new ArrayList<>();
  private final List<Message> copies = new ArrayList<>();
  private final Set<String> copied = new HashSet<>();
  private int busy;
  private boolean done;
  private final Counts counts = new Counts();
  private final List<Throwable> bugs = new ArrayList<>();

  /**
   * @param copyLooks looks whose embed message is handed over twice
   */
  LambdaEmulator(ChaosStack stack, long seed, int workers, Set<String> copyLooks) {
    this.stack = stack;
    this.random = new SplittableRandom(seed);
    this.workers = workers;
    this.copyLooks = Set.copyOf(copyLooks);
  }

  /** Queues an S3 notification, {@code times} times (2 for a duplicated one). */
  void s3Event(S3Event event, int times) {
    synchronized (lock) {
      for (int i = 0; i < times; i++) {
        s3.add(new S3Delivery(event, 1));
      }
      counts.s3Duplicates += times - 1;
    }
  }

  /** Runs until no event is pending, no message is in the embed queue and nobody is working. */
  Counts run() throws Exception {
    synchronized (lock) {
      done = false;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        running.add(
            pool.submit(
                () -> {
                  work();
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    synchronized (lock) {
      if (!bugs.isEmpty()) {
        IllegalStateException e = new IllegalStateException("the emulator itself failed");
        bugs.forEach(e::addSuppressed);
        throw e;
      }
      return counts;
    }
  }

  private enum Kind {
    S3,
    RECEIVE,
    COPIES
  }

  private void work() throws InterruptedException {
    while (true) {
      Kind kind;
      S3Delivery delivery = null;
      List<Message> batch = null;
      synchronized (lock) {
        if (done) {
          return;
        }
        double r = random.nextDouble();
        if (!s3.isEmpty() && r < 0.5) {
          kind = Kind.S3;
          delivery = s3.remove(random.nextInt(s3.size()));
        } else if (!copies.isEmpty() && r < 0.65) {
          kind = Kind.COPIES;
          batch = new ArrayList<>();
          while (!copies.isEmpty() && batch.size() < stack.rules.batchSize()) {
            batch.add(copies.remove(random.nextInt(copies.size())));
          }
        } else {
          kind = Kind.RECEIVE;
        }
        // a worker that only polls an empty queue is not busy: received messages stay in the
        // queue (in flight) until deleted, so the queue's count covers them
        if (kind != Kind.RECEIVE) {
          busy++;
        }
      }
      boolean working = kind != Kind.RECEIVE;
      try {
        switch (kind) {
          case S3 -> invokeDetect(delivery);
          case COPIES -> invokeEmbed(batch, true);
          default -> {
            List<Message> received = receive();
            if (!received.isEmpty()) {
              synchronized (lock) {
                busy++;
              }
              working = true;
              invokeEmbed(received, false);
            } else if (idle()) {
              synchronized (lock) {
                done = true;
              }
            } else if (nothingPending()) {
              // what is left is in flight: being handled, or failed and waiting out its
              // visibility timeout
              Thread.sleep(50);
            }
          }
        }
      } catch (RuntimeException | Error e) {
        synchronized (lock) {
          bugs.add(e);
          done = true;
        }
      } finally {
        if (working) {
          synchronized (lock) {
            busy--;
          }
        }
      }
    }
  }

  private boolean nothingPending() {
    synchronized (lock) {
      return s3.isEmpty() && copies.isEmpty();
    }
  }

  private boolean nothingHere() {
    synchronized (lock) {
      return s3.isEmpty() && copies.isEmpty() && busy == 0;
    }
  }

  /** Nothing pending here, nobody working, and the queue empty (in flight included). */
  private boolean idle() {
    if (!nothingHere()) {
      return false;
    }
    if (stack.messagesIn(stack.queueUrl) > 0) {
      return false;
    }
    // again: a worker may have received, handled and deleted messages (and so queued copies)
    // while the queue was being counted
    return nothingHere();
  }

  private void invokeDetect(S3Delivery d) {
    String key = Events.key(d.event());
    synchronized (lock) {
      if (d.attempt() == 1) {
        counts.s3Deliveries++;
        LookKeys.parseUpload(key).ifPresent(u -> counts.s3Looks.add(u.lookId()));
      } else {
        counts.s3Retries++;
      }
    }
    AsyncInvocation.Outcome outcome = stack.detectInvocation.attempt(d.event(), d.attempt());
    synchronized (lock) {
      switch (outcome) {
        case RETRY -> {
          counts.s3Failures++;
          s3.add(new S3Delivery(d.event(), d.attempt() + 1));
        }
        case SENT_TO_DESTINATION -> {
          counts.s3Failures++;
          counts.detectDlq++;
        }
        default -> {}
      }
    }
  }

  private List<Message> receive() {
    return stack.embedQueue.receive(stack.rules.batchSize(), Duration.ZERO);
  }

  private void invokeEmbed(List<Message> batch, boolean areCopies) {
    synchronized (lock) {
      counts.sqsBatches++;
      counts.sqsDeliveries += batch.size();
      if (areCopies) {
        counts.sqsCopies += batch.size();
      }
      for (Message m : batch) {
        String lookId = lookIdOf(m);
        if (lookId != null) {
          counts.embedLooks.add(lookId);
          if (!areCopies && copyLooks.contains(lookId) && copied.add(lookId)) {
            copies.add(m);
          }
        }
      }
    }
    // a copy's original may be gone already: SQS (and moto) accept a second delete
    SqsEventSource.Batch result = stack.embedSource.deliver(batch);
    synchronized (lock) {
      counts.batchItemFailures += result.failed().size();
      if (result.error() != null) {
        counts.embedInvocationErrors++;
      }
    }
  }

  private static String lookIdOf(Message m) {
    try {
      return EmbedMessage.fromJson(m.body()).lookId();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
