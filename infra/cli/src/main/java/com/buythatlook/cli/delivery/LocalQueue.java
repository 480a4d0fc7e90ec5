package com.buythatlook.cli.delivery;

import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.core.look.EmbedQueue;
import com.buythatlook.core.look.EmbedQueueException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local stand-in for the SQS embed queue and its dead-letter queue: durable, one JSON file per
 * message under its folder, with SQS's delivery rules, so that the embed handler sees the same
 * behaviour as in production.
 *
 * <ul>
 *   <li>A received message is invisible for the visibility timeout; unless it is deleted with the
 *       receipt handle of that receive, it is delivered again afterwards (at least once).
 *   <li>Each receive counts; a message that has been received {@code maxReceiveCount} times and
 *       becomes visible again moves to {@code dead/} instead (SQS's redrive policy).
 *   <li>Messages are delivered oldest first (SQS standard queues promise no order; this one keeps
 *       to send order because it costs nothing).
 *   <li>A message is on disk before {@link #send} returns, so a crash loses none. A message that
 *       was in flight when the process stopped is visible again as soon as the queue is reopened:
 *       the only consumer that could hold it is gone.
 * </ul>
 *
 * <p>Thread-safe; {@link #receive} waits for messages like SQS long polling, and returns them as
 * the SDK's {@link Message}, with SQS's system attributes.
 */
public final class LocalQueue implements EmbedQueue, SqsEventSource.Queue {
  private static final Logger LOG = LoggerFactory.getLogger(LocalQueue.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(instantsAsText())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final String SUFFIX = ".json";

  /** What is stored per message, in {@code {messageId}.json}. */
  record StoredMessage(
      String messageId,
      String body,
      Instant sentAt,
      int receiveCount,
      Instant firstReceivedAt,
      Instant visibleAt,
      Instant deadAt) {}

  private final Path dir;
  private final Path deadDir;
  private final Duration visibilityTimeout;
  private final int maxReceiveCount;
  private final Clock clock;

  /** By message id, in send order. */
  private final Map<String, StoredMessage> messages = new LinkedHashMap<>();

  /** Current receipt handle → message id; an older handle of a redelivered message is stale. */
  private final Map<String, String> handles = new HashMap<>();

  private long sequence;

  private LocalQueue(Path dir, Duration visibilityTimeout, int maxReceiveCount, Clock clock) {
    this.dir = dir;
    this.deadDir = dir.resolve("dead");
    this.visibilityTimeout = visibilityTimeout;
    this.maxReceiveCount = maxReceiveCount;
    this.clock = clock;
  }

  /**
   * Opens (or creates) the queue in {@code dir}, loading the messages a previous process left.
   *
   * @param rules its visibility timeout, and the receives after which an undeleted message goes to
   *     {@code dead/}
   */
  public static LocalQueue open(Path dir, DeliveryRules rules, Clock clock) throws IOException {
    LocalQueue q = new LocalQueue(dir, rules.visibilityTimeout(), rules.maxReceiveCount(), clock);
    Files.createDirectories(q.deadDir);
    q.load();
    return q;
  }

  private void load() throws IOException {
    // message ids start with the send time, so name order is send order
    TreeMap<String, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : s) {
        files.put(p.getFileName().toString(), p);
      }
    }
    Instant now = clock.instant();
    for (Path p : files.values()) {
      StoredMessage m;
      try {
        m = JSON.readValue(p.toFile(), StoredMessage.class);
      } catch (IOException e) {
        // a file that is not a message cannot be delivered; keep it where a person can look
        LOG.warn("queue file {} is unreadable ({}); moved to {}", p, e.getMessage(), deadDir);
        move(p, deadDir.resolve(p.getFileName()));
        continue;
      }
      if (m.messageId() == null
          || m.body() == null
          || !p.getFileName().toString().equals(m.messageId() + SUFFIX)) {
        LOG.warn("queue file {} is not a message; moved to {}", p, deadDir);
        move(p, deadDir.resolve(p.getFileName()));
        continue;
      }
      messages.put(m.messageId(), withVisibleAt(m, now));
    }
    if (!messages.isEmpty()) {
      LOG.info(
          "queue {}: {} message(s) left by the previous run will be delivered",
          dir,
          messages.size());
    }
  }

  @Override
  public void send(EmbedMessage message) {
    try {
      send(message.toJson());
    } catch (UncheckedIOException e) {
      throw new EmbedQueueException("cannot write to the local queue in " + dir, e);
    }
  }

  /** Stores a message durably; returns its id. */
  public synchronized String send(String body) {
    Instant now = clock.instant();
    // zero-padded send time, then a sequence for sends within one millisecond: file names
    // sort in send order, across restarts too
    String id =
        String.format(
            Locale.ROOT,
            "%015d-%06d-%s",
            now.toEpochMilli(),
            sequence++ % 1_000_000,
            UUID.randomUUID().toString().substring(0, 8));
    StoredMessage m = new StoredMessage(id, body, now, 0, null, now, null);
    write(m);
    messages.put(id, m);
    notifyAll();
    return id;
  }

  /**
   * Receives up to {@code max} visible messages, waiting up to {@code wait} for the first one.
   * Messages whose receive count is used up are moved to {@code dead/} on the way.
   *
   * @return empty when nothing became visible in time
   */
  @Override
  public synchronized List<Message> receive(int max, Duration wait) throws InterruptedException {
    if (max < 1 || max > 10) {
      throw new IllegalArgumentException("SQS receives 1 to 10 messages at a time: " + max);
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      List<Message> out = takeVisible(max);
      long left = deadline - System.nanoTime();
      if (!out.isEmpty() || left <= 0) {
        return out;
      }
      // wake for a send, or when the earliest in-flight message becomes visible again
      long untilVisible = untilNextVisible().toNanos();
      long sleep = Math.max(1_000_000L, Math.min(left, untilVisible));
      wait(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
    }
  }

  private List<Message> takeVisible(int max) {
    Instant now = clock.instant();
    List<Message> out = new ArrayList<>();
    List<StoredMessage> dead = new ArrayList<>();
    for (StoredMessage m : messages.values()) {
      if (out.size() == max) {
        break;
      }
      if (m.visibleAt().isAfter(now)) {
        continue;
      }
      if (m.receiveCount() >= maxReceiveCount) {
        dead.add(m);
        continue;
      }
      StoredMessage received =
          new StoredMessage(
              m.messageId(),
              m.body(),
              m.sentAt(),
              m.receiveCount() + 1,
              m.firstReceivedAt() == null ? now : m.firstReceivedAt(),
              now.plus(visibilityTimeout),
              null);
      write(received);
      messages.put(m.messageId(), received);
      handles.values().remove(m.messageId());
      String handle = m.messageId() + "#" + received.receiveCount() + "#" + UUID.randomUUID();
      handles.put(handle, m.messageId());
      out.add(
          Message.builder()
              .messageId(received.messageId())
              .receiptHandle(handle)
              .body(received.body())
              .md5OfBody(md5Hex(received.body()))
              .attributesWithStrings(
                  Map.of(
                      "ApproximateReceiveCount",
                      Integer.toString(received.receiveCount()),
                      "SentTimestamp",
                      Long.toString(received.sentAt().toEpochMilli()),
                      "SenderId",
                      "btl-detect",
                      "ApproximateFirstReceiveTimestamp",
                      Long.toString(received.firstReceivedAt().toEpochMilli())))
              .build());
    }
    for (StoredMessage m : dead) {
      moveToDead(m, now);
    }
    return out;
  }

  private Duration untilNextVisible() {
    Instant now = clock.instant();
    Instant next = null;
    for (StoredMessage m : messages.values()) {
      if (next == null || m.visibleAt().isBefore(next)) {
        next = m.visibleAt();
      }
    }
    if (next == null) {
      return Duration.ofDays(1);
    }
    Duration d = Duration.between(now, next);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * Deletes the message of a receive.
   *
   * @return false when the handle is stale (the message was delivered again since, or is gone): the
   *     message is then left alone, as SQS leaves it
   */
  @Override
  public void delete(List<Message> received) {
    for (Message m : received) {
      if (!delete(m.receiptHandle())) {
        LOG.warn(
            "message {} was delivered again before its delete: left in the queue", m.messageId());
      }
    }
  }

  public synchronized boolean delete(String receiptHandle) {
    String id = handles.remove(receiptHandle);
    if (id == null) {
      return false;
    }
    StoredMessage m = messages.remove(id);
    if (m == null) {
      return false;
    }
    try {
      Files.deleteIfExists(file(id));
    } catch (IOException e) {
      // put it back: a message that is still on disk must stay deliverable in memory too
      messages.put(id, m);
      handles.put(receiptHandle, id);
      throw new UncheckedIOException("cannot delete queue message " + id, e);
    }
    return true;
  }

  /** Messages waiting or in flight (SQS's ApproximateNumberOfMessages + …NotVisible). */
  public synchronized int size() {
    return messages.size();
  }

  /** The bodies of the messages waiting or in flight. */
  public synchronized List<String> bodies() {
    return messages.values().stream().map(StoredMessage::body).toList();
  }

  /** Messages moved to the dead-letter folder so far (including earlier runs). */
  public int deadCount() {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(deadDir, "*" + SUFFIX)) {
      int n = 0;
      for (Path ignored : s) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path deadLetterFolder() {
    return deadDir;
  }

  private void moveToDead(StoredMessage m, Instant now) {
    StoredMessage dead =
        new StoredMessage(
            m.messageId(),
            m.body(),
            m.sentAt(),
            m.receiveCount(),
            m.firstReceivedAt(),
            m.visibleAt(),
            now);
    try {
      writeTo(deadDir.resolve(m.messageId() + SUFFIX), dead);
      Files.deleteIfExists(file(m.messageId()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot move queue message " + m.messageId() + " to " + deadDir, e);
    }
    messages.remove(m.messageId());
    handles.values().remove(m.messageId());
    LOG.error(
        "embed message {} ({}) was received {} times without success; moved to {}",
        m.messageId(),
        m.body(),
        m.receiveCount(),
        deadDir);
  }

  private static String md5Hex(String body) {
    try {
      byte[] digest =
          MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8));
      return String.format("%032x", new BigInteger(1, digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  private static StoredMessage withVisibleAt(StoredMessage m, Instant at) {
    return new StoredMessage(
        m.messageId(), m.body(), m.sentAt(), m.receiveCount(), m.firstReceivedAt(), at, m.deadAt());
  }

  private Path file(String id) {
    return dir.resolve(id + SUFFIX);
  }

  private void write(StoredMessage m) {
    try {
      writeTo(file(m.messageId()), m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write queue message " + m.messageId(), e);
    }
  }

  /** Temporary file, fsync, rename: the file is either the old message or the new one. */
  private static void writeTo(Path target, StoredMessage m) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    byte[] bytes = JSON.writeValueAsBytes(m);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    move(tmp, target);
  }

  /** ISO-8601 instants, so that a person reading a queue file sees times, not numbers. */
  private static SimpleModule instantsAsText() {
    SimpleModule m = new SimpleModule("instants");
    m.addSerializer(Instant.class, new ToStringSerializer(Instant.class));
    m.addDeserializer(
        Instant.class,
        new FromStringDeserializer<Instant>(Instant.class) {
          @Override
          protected Instant _deserialize(String value, DeserializationContext ctxt) {
            return Instant.parse(value);
          }
        });
    return m;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
