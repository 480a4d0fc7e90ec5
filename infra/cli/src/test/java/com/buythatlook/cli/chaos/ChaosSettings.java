package com.buythatlook.cli.chaos;

import com.buythatlook.cli.delivery.DeliveryRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The knobs of a chaos run. The defaults are the full size that {@code infra/bench/chaos.sh} runs;
 * {@code ChaosIT} sets small ones.
 */
final class ChaosSettings {
  private static final DeliveryRules TEMPLATE = DeliveryRules.ofTemplate();

  /**
   * Looks of the duplicates-and-disorder phase: 392 (16 of them unusable uploads, which get no
   * embed message) with 30 % duplicated deliveries make about 1,000 events.
   */
  int looks = 392;

  /** Share of S3 events delivered twice, and of looks whose embed message is handed over twice. */
  double duplicateRate = 0.30;

  /** Distinct street photos the looks are made of. */
  int photos = 40;

  /** Share of looks whose upload is no photo: they end FAILED. */
  double unusableRate = 0.04;

  /** Looks of each injected-faults phase. */
  int faultLooks = 100;

  /** Share of the functions' HTTP attempts that fail. */
  double faultRate = 0.10;

  /**
   * One faults phase per entry: the functions' SDK retry strategy (standard) with this many
   * attempts per call. 3 is the SDK's default; 1 lets every fault reach the handler.
   */
  List<Integer> sdkAttempts = List.of(1, 3);

  /** Function instances running at once. */
  int workers = 2;

  /** Everything random is drawn from it. */
  long seed = 1;

  /** The functions' apiCallAttemptTimeout; an injected timeout waits it out. */
  Duration attemptTimeout = Duration.ofSeconds(2);

  /** The embed queue's visibility timeout in the faults phases, in seconds. */
  int visibilityTimeout = 3;

  /** The embed queue's RedrivePolicy (template.yaml's by default). */
  int maxReceiveCount = TEMPLATE.maxReceiveCount();

  /** Lambda's retries of a failed asynchronous invocation (template.yaml's by default). */
  int detectRetries = TEMPLATE.maximumRetryAttempts();

  /** Where the synthetic photos are, or are generated when it has none. */
  Path photoDir = Path.of("/tmp/btl-chaos-photos");

  /** The repository: {@code events/} and {@code infra/models/} are read from it. */
  Path root = findRoot().toAbsolutePath().normalize();

  /** Let the functions log (each failed embed message logs a stack trace). */
  boolean verbose;

  /** The delivery of the run: template.yaml's batch size, this run's other settings. */
  DeliveryRules rules(int visibilityTimeoutSeconds) {
    return new DeliveryRules(
        detectRetries,
        TEMPLATE.batchSize(),
        Duration.ofSeconds(visibilityTimeoutSeconds),
        maxReceiveCount);
  }

  static final String USAGE =
      String.join(
          "\n",
          "usage: ChaosRun [--looks 392] [--duplicates 0.30] [--photos 40] [--unusable 0.04]",
          "                [--fault-looks 100] [--fault-rate 0.10] [--sdk-attempts 1,3] [--workers 2]",
          "                [--seed 1] [--attempt-timeout-ms 2000] [--visibility-timeout 3]",
          "                [--max-receive-count 5] [--detect-retries 2] [--photo-dir DIR] [--root DIR]",
          "                [--verbose]");

  static ChaosSettings parse(String... args) {
    return parseInto(new ChaosSettings(), args);
  }

  /** Sets the options in {@code args} on {@code s}; the others keep their values. */
  static ChaosSettings parseInto(ChaosSettings s, String... args) {
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--verbose")) {
        s.verbose = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      switch (option) {
        case "--looks" -> s.looks = Integer.parseInt(v);
        case "--duplicates" -> s.duplicateRate = Double.parseDouble(v);
        case "--photos" -> s.photos = Integer.parseInt(v);
        case "--unusable" -> s.unusableRate = Double.parseDouble(v);
        case "--fault-looks" -> s.faultLooks = Integer.parseInt(v);
        case "--fault-rate" -> s.faultRate = Double.parseDouble(v);
        case "--sdk-attempts" -> s.sdkAttempts = integers(v);
        case "--workers" -> s.workers = Integer.parseInt(v);
        case "--seed" -> s.seed = Long.parseLong(v);
        case "--attempt-timeout-ms" -> s.attemptTimeout = Duration.ofMillis(Long.parseLong(v));
        case "--visibility-timeout" -> s.visibilityTimeout = Integer.parseInt(v);
        case "--max-receive-count" -> s.maxReceiveCount = Integer.parseInt(v);
        case "--detect-retries" -> s.detectRetries = Integer.parseInt(v);
        case "--photo-dir" -> s.photoDir = Path.of(v);
        case "--root" -> s.root = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
      }
    }
    return s;
  }

  @Override
  public String toString() {
    return "looks="
        + looks
        + " duplicates="
        + duplicateRate
        + " photos="
        + photos
        + " unusable="
        + unusableRate
        + " fault_looks="
        + faultLooks
        + " fault_rate="
        + faultRate
        + " sdk_attempts="
        + sdkAttempts
        + " workers="
        + workers
        + " seed="
        + seed
        + " attempt_timeout="
        + attemptTimeout.toMillis()
        + "ms visibility_timeout="
        + visibilityTimeout
        + "s max_receive_count="
        + maxReceiveCount
        + " detect_retries="
        + detectRetries;
  }

  private static List<Integer> integers(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        out.add(Integer.parseInt(part.strip()));
      }
    }
    return List.copyOf(out);
  }

  /** The repository root: the working folder, or two up when run from {@code infra/cli}. */
  private static Path findRoot() {
    for (Path p : new Path[] {Path.of("."), Path.of("../..")}) {
      if (Files.isRegularFile(p.resolve("events/s3-put.json"))) {
        return p;
      }
    }
    return Path.of(".");
  }
}
