package com.buythatlook.cli.chaos;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.buythatlook.cli.delivery.SqsEventSource;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.embed.OnnxEmbedder;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The reliability run of the look pipeline, against a moto_server it starts, through the real
 * detect and embed handlers (see the package comment for what is emulated and what is checked):
 *
 * <ol>
 *   <li>Duplicates and disorder: {@code looks} uploads whose S3 events and embed messages are
 *       delivered shuffled, 30 % of them twice, by several function instances at once; then the
 *       same looks once each, in order, into a second bucket, table and queue; the two end states
 *       must be equal (status, items, vectors bit for bit, crop bytes), with no crop stored twice.
 *   <li>Injected faults, once per SDK retry setting: {@code faultLooks} uploads while a share of
 *       the functions' S3, DynamoDB and SQS attempts fail; every look must end EMBEDDED or FAILED
 *       or have its event or message in a dead-letter queue (none lost); then faults stop, the DLQs
 *       are redriven, and every look must end terminal, as a clean run of its photo ends.
 * </ol>
 *
 * <p>Prints a few lines per phase and, last, {@code name=value} pairs. Exit status 0 only when
 * every check held.
 *
 * <pre>
 * infra/bench/chaos.sh                       # the full size, with the build
 * java -cp btl.jar:infra/cli/target/test-classes com.buythatlook.cli.chaos.ChaosRun --help
 * </pre>
 */
public final class ChaosRun {

  /** What a run found. */
  record Result(
      int events,
      int duplicates,
      boolean stateEqual,
      int cropsDuplicated,
      int faultsInjected,
      int faultLooks,
      int lost,
      int dlq,
      int terminalAfterRedrive,
      boolean faultStateEqual,
      List<String> problems) {

    boolean ok() {
      return stateEqual
          && cropsDuplicated == 0
          && lost == 0
          && faultStateEqual
          && terminalAfterRedrive == faultLooks
          && problems.isEmpty();
    }

    String line() {
      return "events="
          + events
          + " duplicates="
          + duplicates
          + " state_equal="
          + stateEqual
          + " crops_duplicated="
          + cropsDuplicated
          + " faults_injected="
          + faultsInjected
          + " lost="
          + lost
          + " dlq="
          + dlq
          + " after_redrive_terminal="
          + terminalAfterRedrive
          + "/"
          + faultLooks
          + " after_redrive_state_equal="
          + faultStateEqual;
    }
  }

  private static final Duration NO_TIMEOUT = Duration.ofSeconds(60);

  /** One look of a run: its id, what was uploaded for it, and its upload key. */
  private record Planned(String lookId, Photos.Photo photo, String key) {}

  private final ChaosSettings settings;
  private final URI endpoint;
  private final Detector detector;
  private final Embedder embedder;
  private final Photos photos;
  private final Events events;
  private final PrintStream out;
  private final SplittableRandom random;
  private final String run;
  private final List<String> problems = new ArrayList<>();

  private ChaosRun(
      ChaosSettings settings,
      URI endpoint,
      Detector detector,
      Embedder embedder,
      Photos photos,
      PrintStream out)
      throws Exception {
    this.settings = settings;
    this.endpoint = endpoint;
    this.detector = detector;
    this.embedder = embedder;
    this.photos = photos;
    this.events = new Events(settings.root.resolve("events"));
    this.out = out;
    this.random = new SplittableRandom(settings.seed);
    // unique names: an emulator that outlives the run (-Dbtl.aws.endpoint) keeps old stacks
    this.run = Long.toString(System.nanoTime() & 0xffffffffL, 36);
  }

  public static void main(String[] args) throws Exception {
    ChaosSettings settings;
    try {
      if (List.of(args).contains("--help")) {
        System.out.println(ChaosSettings.USAGE);
        return;
      }
      settings = ChaosSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (!settings.verbose) {
      quietFunctions();
    }
    Result r = run(settings, System.out);
    System.exit(r.ok() ? 0 : 1);
  }

  /**
   * The functions log a stack trace for every failed message, which is the point of the faults
   * phases: keep them quiet unless asked. Must run before the first logger is made.
   */
  static void quietFunctions() {
    System.setProperty("org.slf4j.simpleLogger.log.com.buythatlook.functions", "off");
    System.setProperty("org.slf4j.simpleLogger.log.com.buythatlook.vision.pipeline", "off");
  }

  /** Starts moto_server, opens the default models and the photos, and runs both phases. */
  static Result run(ChaosSettings settings, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    out.println("chaos run: " + settings);
    Photos photos = Photos.load(settings.photoDir, settings.photos);
    try (MotoProcess moto = MotoProcess.start();
        OnnxDetector detector = OnnxDetector.open(settings.root.resolve("infra/models/detector"));
        OnnxEmbedder embedder = OnnxEmbedder.open(settings.root.resolve("infra/models/embedder"))) {
      out.printf(
          Locale.ROOT,
          "set-up: %d photos (+%d unusable uploads), moto_server at %s, models"
              + " loaded: %.1f s%n",
          photos.usable.size(),
          photos.unusable.size(),
          moto.endpoint(),
          seconds(t0));
      Result r = new ChaosRun(settings, moto.endpoint(), detector, embedder, photos, out).run();
      out.printf(Locale.ROOT, "total %.1f s%n", seconds(t0));
      r.problems().stream().limit(40).forEach(p -> out.println("PROBLEM " + p));
      out.println(r.line());
      return r;
    }
  }

  private Result run() throws Exception {
    // ---- duplicates and disorder ----
    long t0 = System.nanoTime();
    List<Planned> looks = plan(settings.looks);
    LookStates chaos;
    LookStates clean;
    LambdaEmulator.Counts counts;
    Map<String, Look> reference = new HashMap<>();
    // no faults here: the SDK's default retries, and an attempt timeout no busy machine reaches
    try (ChaosStack shuffled = stack("dup", null, 3, NO_TIMEOUT, 60);
        ChaosStack ordered = stack("clean", null, 3, NO_TIMEOUT, 60)) {
      Map<String, S3Event> shuffledEvents = upload(shuffled, looks);
      Map<String, S3Event> orderedEvents = upload(ordered, looks);
      long t1 = System.nanoTime();
      LambdaEmulator emulator =
          new LambdaEmulator(
              shuffled,
              random.nextLong(),
              settings.workers,
              choose(usable(looks), settings.duplicateRate));
      Set<String> twice = choose(ids(looks), settings.duplicateRate);
      for (Planned p : looks) {
        emulator.s3Event(shuffledEvents.get(p.lookId()), twice.contains(p.lookId()) ? 2 : 1);
      }
      counts = emulator.run();
      double shuffledSeconds = seconds(t1);
      long t2 = System.nanoTime();
      inOrder(ordered, looks, orderedEvents);
      double orderedSeconds = seconds(t2);
      chaos = LookStates.read(shuffled);
      clean = LookStates.read(ordered);
      leftovers(shuffled, "duplicates");
      leftovers(ordered, "clean");
      out.printf(
          Locale.ROOT,
          "duplicates and disorder: %d looks (%d of unusable uploads), %d"
              + " photos, %d workers%n",
          looks.size(),
          looks.size() - usable(looks).size(),
          photos.usable.size(),
          settings.workers);
      out.printf(
          Locale.ROOT,
          "  shuffled: %d events (%d S3, %d SQS), %d duplicates; %s; %.1f s%n",
          counts.events(),
          counts.s3Deliveries,
          counts.sqsDeliveries,
          counts.duplicates(),
          counts,
          shuffledSeconds);
      out.printf(
          Locale.ROOT,
          "  clean, in order: %d events; %.1f s%n",
          looks.size() + usable(looks).size(),
          orderedSeconds);
      out.printf(
          Locale.ROOT,
          "  end state: %d EMBEDDED, %d FAILED, %d other; %d items, %d crops"
              + " (clean run: %d EMBEDDED, %d FAILED, %d items, %d crops)%n",
          chaos.count(LookStatus.EMBEDDED),
          chaos.count(LookStatus.FAILED),
          looks.size() - chaos.count(LookStatus.EMBEDDED) - chaos.count(LookStatus.FAILED),
          chaos.items(),
          chaos.crops.size(),
          clean.count(LookStatus.EMBEDDED),
          clean.count(LookStatus.FAILED),
          clean.items(),
          clean.crops.size());
      for (Planned p : looks) {
        Look l = clean.looks.get(p.lookId());
        if (l != null) {
          reference.putIfAbsent(p.photo().id(), l);
        }
      }
      // the models must give one photo the same items every time, or nothing below means much
      int inconsistent = 0;
      for (Planned p : looks) {
        Look l = clean.looks.get(p.lookId());
        if (l == null || LookStates.difference(l, reference.get(p.photo().id()), false) != null) {
          inconsistent++;
        }
      }
      if (inconsistent > 0) {
        problems.add(
            "clean run: "
                + inconsistent
                + " looks differ from another look of the same"
                + " photo (or are missing)");
      }
    }
    List<String> differences = chaos.differencesFrom(clean);
    differences.stream().limit(20).forEach(d -> problems.add("shuffled vs clean: " + d));
    int cropsDuplicated = chaos.duplicatedCrops() + clean.duplicatedCrops();
    out.printf(
        Locale.ROOT,
        "  state_equal=%s (%d differences) crops_duplicated=%d: %.1f s%n",
        differences.isEmpty(),
        differences.size(),
        cropsDuplicated,
        seconds(t0));

    // ---- injected faults ----
    int faultsInjected = 0;
    int lost = 0;
    int dlq = 0;
    int terminal = 0;
    int faultLooks = 0;
    boolean faultStateEqual = true;
    for (int attempts : settings.sdkAttempts) {
      FaultPhase f = faults(attempts, reference);
      faultsInjected += f.injected;
      lost += f.lost;
      dlq += f.dlq;
      terminal += f.terminalAfterRedrive;
      faultLooks += f.looks;
      faultStateEqual &= f.stateEqual;
      cropsDuplicated += f.cropsDuplicated;
    }
    return new Result(
        counts.events(),
        counts.duplicates(),
        differences.isEmpty(),
        cropsDuplicated,
        faultsInjected,
        faultLooks,
        lost,
        dlq,
        terminal,
        faultStateEqual,
        List.copyOf(problems));
  }

  private record FaultPhase(
      int looks,
      int injected,
      int lost,
      int dlq,
      int terminalAfterRedrive,
      boolean stateEqual,
      int cropsDuplicated) {}

  private FaultPhase faults(int sdkAttempts, Map<String, Look> reference) throws Exception {
    long t0 = System.nanoTime();
    FaultInjector faults = new FaultInjector(random.nextLong(), settings.attemptTimeout);
    String name = "faults" + sdkAttempts;
    try (ChaosStack stack =
        stack(name, faults, sdkAttempts, settings.attemptTimeout, settings.visibilityTimeout)) {
      List<Planned> looks = plan(settings.faultLooks);
      Map<String, S3Event> uploads = upload(stack, looks);
      LambdaEmulator emulator =
          new LambdaEmulator(
              stack,
              random.nextLong(),
              settings.workers,
              choose(usable(looks), settings.duplicateRate));
      Set<String> twice = choose(ids(looks), settings.duplicateRate);
      faults.rate(settings.faultRate);
      for (Planned p : looks) {
        emulator.s3Event(uploads.get(p.lookId()), twice.contains(p.lookId()) ? 2 : 1);
      }
      LambdaEmulator.Counts counts = emulator.run();
      faults.rate(0);
      double faultSeconds = seconds(t0);

      // where every look is: terminal, or its event or message in a dead-letter queue, or lost
      LookStates before = LookStates.read(stack);
      List<Message> detectFailures = drain(stack, stack.detectDlqUrl);
      List<Message> embedFailures = drain(stack, stack.dlqUrl);
      Map<String, S3Event> failedEvents = new LinkedHashMap<>();
      Set<String> inDlq = new HashSet<>();
      for (Message m : detectFailures) {
        S3Event e = stack.detectInvocation.payloadOf(m.body());
        LookKeys.parseUpload(Events.key(e)).ifPresent(u -> inDlq.add(u.lookId()));
        failedEvents.put(m.receiptHandle(), e);
      }
      for (Message m : embedFailures) {
        inDlq.add(EmbedMessage.fromJson(m.body()).lookId());
      }
      int terminal = 0;
      int waiting = 0;
      List<String> lostLooks = new ArrayList<>();
      Map<String, Integer> byStatus = new LinkedHashMap<>();
      for (Planned p : looks) {
        Look l = before.looks.get(p.lookId());
        String status = l == null ? "absent" : l.status().name();
        byStatus.merge(status, 1, Integer::sum);
        if (l != null && l.status().isTerminal()) {
          terminal++;
        } else if (inDlq.contains(p.lookId())) {
          waiting++;
        } else {
          lostLooks.add(p.lookId() + " (" + status + ")");
        }
      }
      lostLooks.forEach(l -> problems.add(name + ": look lost: " + l));
      out.printf(
          Locale.ROOT,
          "injected faults, SDK attempts %d: %d looks, fault rate %.2f of %d"
              + " HTTP attempts: %d injected (%d after the request was carried out; %s)%n",
          sdkAttempts,
          looks.size(),
          settings.faultRate,
          faults.attempts(),
          faults.total(),
          faults.afterSent(),
          faults.breakdown());
      out.printf(Locale.ROOT, "  %s; %.1f s%n", counts, faultSeconds);
      out.printf(
          Locale.ROOT,
          "  outcome: %d terminal (%s), %d with their event or message in a"
              + " DLQ (%d detect on-failure records, %d embed DLQ messages), %d lost%n",
          terminal,
          byStatus,
          waiting,
          detectFailures.size(),
          embedFailures.size(),
          lostLooks.size());

      // redrive: re-invoke detect with the failed events, move the embed DLQ back to its queue
      long t1 = System.nanoTime();
      LambdaEmulator redrive =
          new LambdaEmulator(stack, random.nextLong(), settings.workers, Set.of());
      for (Map.Entry<String, S3Event> e : failedEvents.entrySet()) {
        redrive.s3Event(e.getValue(), 1);
        stack.sqs.deleteMessage(b -> b.queueUrl(stack.detectDlqUrl).receiptHandle(e.getKey()));
      }
      for (Message m : embedFailures) {
        // what StartMessageMoveTask does (moto 5.2 does not implement it)
        stack.sqs.sendMessage(b -> b.queueUrl(stack.queueUrl).messageBody(m.body()));
        stack.sqs.deleteMessage(b -> b.queueUrl(stack.dlqUrl).receiptHandle(m.receiptHandle()));
      }
      LambdaEmulator.Counts redriven = redrive.run();
      LookStates after = LookStates.read(stack);
      int terminalAfter = 0;
      int unequal = 0;
      int unchecked = 0;
      for (Planned p : looks) {
        Look l = after.looks.get(p.lookId());
        if (l != null && l.status().isTerminal()) {
          terminalAfter++;
        }
        Look expected = reference.get(p.photo().id());
        if (expected == null) {
          // the first phase had no look of this photo (fewer looks than photos)
          unchecked++;
        }
        String d =
            l == null
                ? "absent"
                : expected == null ? null : LookStates.difference(l, expected, false);
        if (d != null) {
          unequal++;
          if (unequal <= 10) {
            problems.add(
                name
                    + ": look "
                    + p.lookId()
                    + " of photo "
                    + p.photo().id()
                    + " after redrive: "
                    + d);
          }
        }
      }
      int cropsDuplicated = after.duplicatedCrops();
      leftovers(stack, name + " after redrive");
      out.printf(
          Locale.ROOT,
          "  redrive (faults off): %d events and %d messages; %s; %d/%d"
              + " terminal, %d differ from a clean run of their photo (%d without one),"
              + " crops_duplicated=%d: %.1f s%n",
          failedEvents.size(),
          embedFailures.size(),
          redriven,
          terminalAfter,
          looks.size(),
          unequal,
          unchecked,
          cropsDuplicated,
          seconds(t1));
      return new FaultPhase(
          looks.size(),
          faults.total(),
          lostLooks.size(),
          waiting,
          terminalAfter,
          unequal == 0,
          cropsDuplicated);
    }
  }

  private ChaosStack stack(
      String name,
      FaultInjector faults,
      int sdkAttempts,
      Duration attemptTimeout,
      int visibilityTimeout)
      throws Exception {
    return new ChaosStack(
        endpoint,
        name + "-" + run,
        detector,
        embedder,
        faults,
        sdkAttempts,
        attemptTimeout,
        settings.rules(visibilityTimeout));
  }

  /** {@code n} new looks: a few unusable uploads, then the photos in turn. */
  private List<Planned> plan(int n) {
    int unusable =
        settings.unusableRate <= 0
            ? 0
            : Math.min(
                n, Math.max(photos.unusable.size(), (int) Math.round(n * settings.unusableRate)));
    List<Planned> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String lookId = new UUID(random.nextLong(), random.nextLong()).toString();
      Photos.Photo photo =
          i < unusable
              ? photos.unusable.get(i % photos.unusable.size())
              : photos.usable.get((i - unusable) % photos.usable.size());
      out.add(new Planned(lookId, photo, "uploads/" + lookId + "." + photo.extension()));
    }
    return out;
  }

  /** Puts every upload into the stack's bucket; returns the S3 event of each, by look id. */
  private Map<String, S3Event> upload(ChaosStack stack, List<Planned> looks) {
    Map<String, S3Event> out = new LinkedHashMap<>();
    long sequencer = 0x0067459F2A7B3C1D45L;
    for (Planned p : looks) {
      String eTag =
          stack
              .s3
              .putObject(
                  b -> b.bucket(stack.bucket).key(p.key()),
                  RequestBody.fromBytes(p.photo().bytes()))
              .eTag()
              .replace("\"", "");
      out.put(
          p.lookId(),
          events.s3Put(
              stack.bucket,
              p.key(),
              p.photo().bytes().length,
              eTag,
              String.format(Locale.ROOT, "%018X", sequencer++)));
    }
    return out;
  }

  /** The clean run: every S3 event once, in order, then the queue drained in batches of 10. */
  private void inOrder(ChaosStack stack, List<Planned> looks, Map<String, S3Event> uploads) {
    for (Planned p : looks) {
      try {
        stack.detect.handleRequest(uploads.get(p.lookId()), null);
      } catch (RuntimeException e) {
        problems.add("clean run: detect failed for " + p.lookId() + ": " + e);
      }
    }
    while (stack.messagesIn(stack.queueUrl) > 0) {
      SqsEventSource.Batch batch;
      try {
        batch = stack.embedSource.poll(Duration.ZERO);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (batch == null) {
        problems.add("clean run: messages stay in flight in the embed queue");
        return;
      }
      if (!batch.failed().isEmpty()) {
        problems.add("clean run: embed failed for " + batch.failed() + ": " + batch.error());
        return;
      }
    }
  }

  /** Every message of a queue, received and so hidden for ten minutes: an inventory. */
  private static List<Message> drain(ChaosStack stack, String url) {
    List<Message> all = new ArrayList<>();
    for (List<Message> batch = receive(stack, url); !batch.isEmpty(); batch = receive(stack, url)) {
      all.addAll(batch);
    }
    return all;
  }

  private static List<Message> receive(ChaosStack stack, String url) {
    return stack
        .sqs
        .receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(600))
        .messages();
  }

  private void leftovers(ChaosStack stack, String phase) {
    int queue = stack.messagesIn(stack.queueUrl);
    int dlq = stack.messagesIn(stack.dlqUrl);
    int detectDlq = stack.messagesIn(stack.detectDlqUrl);
    if (queue + dlq + detectDlq > 0) {
      problems.add(
          phase
              + ": messages left: "
              + queue
              + " in the embed queue, "
              + dlq
              + " in its DLQ, "
              + detectDlq
              + " detect on-failure records");
    }
  }

  private static List<String> ids(List<Planned> looks) {
    return looks.stream().map(Planned::lookId).toList();
  }

  /** The looks that get an embed message: those whose upload is a photo. */
  private static List<String> usable(List<Planned> looks) {
    return looks.stream().filter(p -> p.photo().usable()).map(Planned::lookId).toList();
  }

  /** round(share × n) of the ids, drawn without replacement. */
  private Set<String> choose(List<String> ids, double share) {
    List<String> pool = new ArrayList<>(ids);
    int n = (int) Math.round(ids.size() * share);
    Set<String> out = new HashSet<>();
    for (int i = 0; i < n; i++) {
      out.add(pool.remove(random.nextInt(pool.size())));
    }
    return out;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
