package com.buythatlook.vision.hostile;

import com.buythatlook.core.look.LookStatus;
import com.buythatlook.vision.pipeline.DetectSettings;
import com.buythatlook.vision.pipeline.StepOutcome;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the whole hostile corpus through {@link com.buythatlook.vision.pipeline.DetectStep} in one
 * JVM and prints, per case, the outcome, the reason, and the milliseconds, then the peak heap and
 * the process's peak resident memory. A program rather than a test, because memory and time are
 * only meaningful under a fixed {@code -Xmx} in a fresh JVM: {@code infra/bench/hostile.sh} runs it
 * with {@code -Xmx256m}.
 *
 * <p>Arguments: {@code [--detector DIR] [--work DIR] [--write DIR]}; {@code --write} also saves
 * each case as {@code DIR/NAME.EXT} (for running them through {@code btl look}) and exits. Exit
 * status 0 when every case was handled, 1 otherwise.
 */
public final class HostileCorpusRun {

  /** Longer than this counts as a hang (DESIGN: "within 10 s"). */
  static final long LIMIT_MS = 10_000;

  private HostileCorpusRun() {}

  public static void main(String[] args) throws Exception {
    Path detector = Path.of("infra/models/detector");
    Path work = null;
    Path write = null;
    double minScore = DetectSettings.DEFAULT.minScore();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--detector" -> detector = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--write" -> write = Path.of(args[++i]);
        case "--min-score" -> minScore = Double.parseDouble(args[++i]);
        default -> {
          System.err.println(
              "usage: HostileCorpusRun [--detector DIR] [--work DIR]"
                  + " [--write DIR] [--min-score S]");
          System.exit(2);
        }
      }
    }
    List<HostileImages.Case> corpus = HostileImages.all();
    if (write != null) {
      Files.createDirectories(write);
      for (HostileImages.Case c : corpus) {
        Files.write(write.resolve(c.name() + "." + c.extension()), c.bytes());
      }
      System.out.println("wrote " + corpus.size() + " files to " + write);
      return;
    }
    if (work == null) {
      work = Files.createTempDirectory("hostile-");
    }
    int handled = 0;
    long maxMs = 0;
    String slowest = "";
    long baselineRssKb = -1;
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hostile-detect");
              t.setDaemon(true); // a hung native call must not keep the JVM alive
              return t;
            });
    DetectSettings d = DetectSettings.DEFAULT;
    DetectSettings settings =
        new DetectSettings(
            d.maxUploadBytes(),
            d.maxPixels(),
            minScore,
            d.bestPerCategory(),
            d.indexedCategoriesOnly(),
            d.lookTtl(),
            d.cropQuality());
    try (DetectHarness harness = new DetectHarness(detector, work, settings)) {
      // what the process holds before the first photo: JVM, ONNX Runtime, the model, OpenCV
      HostileImages.Case warmUp =
          new HostileImages.Case(
              "warm-up",
              "jpg",
              HostileImages.jpeg(HostileImages.scene(320, 240)),
              "a plain photo, not counted");
      harness.process(harness.upload(warmUp), warmUp.bytes().length);
      baselineRssKb = procStatusKb("VmRSS");
      System.out.printf(
          Locale.ROOT,
          "%-26s %8s  %-9s %7s  %s%n",
          "case",
          "bytes",
          "outcome",
          "ms",
          "reason / result");
      for (HostileImages.Case c : corpus) {
        String key = harness.upload(c);
        long start = System.nanoTime();
        Future<StepOutcome> run = worker.submit(() -> harness.process(key, c.bytes().length));
        String outcome;
        String detail;
        boolean ok;
        try {
          StepOutcome o = run.get(LIMIT_MS, TimeUnit.MILLISECONDS);
          DetectHarness.Result r = harness.result(c, o);
          outcome = r.status().name();
          if (r.status() == LookStatus.FAILED) {
            Optional<String> problem = ReadableReason.problem(r.reason());
            ok = problem.isEmpty();
            detail = r.reason() + problem.map(p -> "  [UNREADABLE: " + p + "]").orElse("");
          } else {
            ok = r.status() == LookStatus.DETECTED;
            detail = r.width() + "×" + r.height() + ", " + r.items() + " item(s)";
          }
        } catch (TimeoutException e) {
          run.cancel(true);
          outcome = "HANG";
          detail = "still running after " + LIMIT_MS + " ms";
          ok = false;
        } catch (java.util.concurrent.ExecutionException e) {
          outcome = "CRASH";
          detail = String.valueOf(e.getCause());
          ok = false;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ms > LIMIT_MS) {
          ok = false;
        }
        if (ms > maxMs) {
          maxMs = ms;
          slowest = c.name();
        }
        handled += ok ? 1 : 0;
        System.out.printf(
            Locale.ROOT,
            "%-26s %8d  %-9s %7d  %s%n",
            c.name(),
            c.bytes().length,
            outcome,
            ms,
            detail);
      }
    } finally {
      worker.shutdownNow();
    }
    long peakHeap = peakHeapBytes();
    long maxHeap = Runtime.getRuntime().maxMemory();
    long rssKb = procStatusKb("VmHWM");
    System.out.printf(
        Locale.ROOT,
        "%nslowest: %s (%d ms); peak heap used %d MB of -Xmx %d MB;"
            + " RSS after warm-up %d MB, peak RSS (VmHWM) %d MB%n",
        slowest,
        maxMs,
        peakHeap >> 20,
        maxHeap >> 20,
        baselineRssKb >> 10,
        rssKb >> 10);
    System.out.printf(
        Locale.ROOT,
        "handled=%d/%d max_ms=%d peak_heap_mb=%d xmx_mb=%d" + " warm_rss_mb=%d peak_rss_mb=%d%n",
        handled,
        corpus.size(),
        maxMs,
        peakHeap >> 20,
        maxHeap >> 20,
        baselineRssKb >> 10,
        rssKb >> 10);
    System.exit(handled == corpus.size() ? 0 : 1);
  }

  /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one moment. */
  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** A {@code kB} field of {@code /proc/self/status} (Linux), -1 elsewhere. */
  static long procStatusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: say so with -1 rather than fail the run
    }
    return -1;
  }
}
