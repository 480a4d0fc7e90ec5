package com.buythatlook.batch;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.index.IndexKeys;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.index.IndexSnapshot;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.index.ShardFormat;
import com.buythatlook.core.storage.FileBlobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Kills the index job ({@code btl-index}, which {@code btl index} also runs) with SIGKILL at chosen
 * moments, re-runs it, and checks what the reliability issue asks: every re-run completes (exit 0,
 * a version whose manifest verifies shard by shard, CURRENT naming it), the re-run skips exactly
 * the chunks that were finished before the kill, and a reader polling {@code index/CURRENT} through
 * {@link IndexReader} meanwhile never sees a version that does not load completely.
 *
 * <p>Each job is a child JVM ({@code java -jar btl-index.jar …}, the container's jar, or the test
 * class path with main {@code com.buythatlook.batch.IndexMain}); the reader runs in this JVM on the
 * same folder. First a clean run ({@code v0}) measures the job's phases, is the reference every
 * resumed version is compared with byte for byte, and gives the reader a published CURRENT to start
 * from. Then trial n indexes version {@code vn}: start, kill, look at what is on disk, run again to
 * the end, verify.
 *
 * <p>Self-contained on purpose: {@code infra/bench/kill-resume.sh} runs this one file in
 * source-file mode against the shaded jar; {@code IndexKillResumeIT} calls {@link #run} with a tiny
 * catalog.
 */
public final class KillResume {
  private static final Pattern PLAN_LINE =
      Pattern.compile("index: (\\d+) products in \\d+ categories → version \\S+ \\((\\d+) chunks");
  private static final Pattern SUMMARY =
      Pattern.compile(
          "version (\\S+): (\\d+) products, (\\d+) embedded, (\\d+) reused from --base,"
              + " (\\d+) chunks resumed, (\\d+) failed");
  private static final Pattern FAILED = Pattern.compile("\"failed\"\\s*:\\s*(\\d+)");
  private static final String HUNDRED = "(100%)";
  private static final String PUBLISHED = "index: published ";

  /**
   * When a job is killed. {@code TIME}: {@code value} ms after the child starts. {@code
   * AFTER_PLAN}: {@code value} ms after the job logs its plan ("N products in … chunks"), i.e. once
   * the model is loaded and embedding starts. {@code CHUNKS}: once {@code value} chunks are
   * finished on disk. {@code AFTER_EMBEDDING}: {@code value} ms after the progress line reaches 100
   * %, i.e. while shards, manifest and CURRENT are written and the work files cleaned up.
   */
  public enum Trigger {
    TIME,
    AFTER_PLAN,
    CHUNKS,
    AFTER_EMBEDDING
  }

  public record Kill(Trigger trigger, double value) {
    @Override
    public String toString() {
      return switch (trigger) {
        case TIME -> String.format(Locale.ROOT, "start+%.2fs", value / 1000);
        case AFTER_PLAN -> String.format(Locale.ROOT, "plan+%.2fs", value / 1000);
        case CHUNKS -> "chunks>=" + (int) value;
        case AFTER_EMBEDDING -> String.format(Locale.ROOT, "100%%+%.0fms", value);
      };
    }
  }

  /** Chooses trial n's kill from what the clean run measured. */
  public interface Planner {
    Kill plan(int trial, Calibration c);
  }

  /**
   * The clean run: its duration; when, after its start, the job logged its plan (model loaded,
   * embedding starts), logged 100 % (embedding done), flipped CURRENT (seen by a watcher) and
   * logged "published" (work files cleaned up); its chunk count, and what every version must hold.
   */
  public record Calibration(
      double totalSeconds,
      double planAtSeconds,
      double embeddedAtSeconds,
      double flippedAtSeconds,
      double publishedAtSeconds,
      int chunks,
      int catalogLines,
      int failed,
      int expectedRows,
      Map<String, Long> shardCrcs) {}

  public record Config(
      List<String> btl,
      Path catalog,
      Path work,
      int trials,
      String embedder,
      int chunk,
      int workers,
      long pollMillis,
      Planner planner,
      PrintStream out,
      Duration runTimeout) {}

  /** What disk held right after the kill. */
  public record KillState(
      String point, int chunksDone, int rowsDone, boolean workLeft, int tmpFiles) {}

  public record Trial(
      int n,
      String version,
      Kill kill,
      double killedAtSeconds,
      KillState state,
      int rerunExit,
      boolean alreadyPublished,
      int resumed,
      int embedded,
      double rerunSeconds,
      List<String> problems,
      boolean identical,
      boolean workLeftAfter,
      int tmpFilesAfter) {
    boolean completed() {
      return rerunExit == 0 && problems.isEmpty();
    }
  }

  public record Summary(
      Calibration calibration,
      List<Trial> trials,
      long polls,
      double pollMillisMean,
      Set<String> versionsSeen,
      List<String> incidents) {

    public int completed() {
      return (int) trials.stream().filter(Trial::completed).count();
    }

    /** Chunks the re-runs skipped, over the re-runs that did work (not "already published"). */
    public List<Integer> resumedChunks() {
      return trials.stream().filter(t -> !t.alreadyPublished()).map(Trial::resumed).toList();
    }

    public Map<String, Integer> killPoints() {
      Map<String, Integer> m = new LinkedHashMap<>();
      for (String p : List.of("startup", "embedding", "publishing", "published")) {
        m.put(p, 0);
      }
      trials.forEach(t -> m.merge(t.state().point(), 1, Integer::sum));
      return m;
    }

    public String line() {
      StringBuilder points = new StringBuilder();
      killPoints()
          .forEach(
              (k, v) ->
                  points.append(points.length() == 0 ? "" : ",").append(k).append(':').append(v));
      List<Double> rerun = trials.stream().map(Trial::rerunSeconds).toList();
      return String.format(
          Locale.ROOT,
          "trials=%d completed=%d incomplete_seen=%d reused_chunks_median=%s kill_points=%s"
              + " chunks=%d resume_exact=%d identical_to_clean=%d reader_polls=%d"
              + " poll_interval_ms=%.1f versions_seen=%d work_left=%d tmp_left=%d"
              + " full_run_s=%.1f rerun_s_median=%.1f",
          trials.size(),
          completed(),
          incidents.size(),
          median(resumedChunks()),
          points,
          calibration.chunks(),
          trials.stream()
              .filter(t -> t.alreadyPublished() || t.resumed() == t.state().chunksDone())
              .count(),
          trials.stream().filter(Trial::identical).count(),
          polls,
          pollMillisMean,
          versionsSeen.size(),
          trials.stream().filter(Trial::workLeftAfter).count(),
          trials.stream().mapToInt(Trial::tmpFilesAfter).sum(),
          calibration.totalSeconds(),
          medianD(rerun));
    }

    /** Every check the issue names held. */
    public boolean ok() {
      return completed() == trials.size()
          && incidents.isEmpty()
          && trials.stream()
              .allMatch(t -> t.alreadyPublished() || t.resumed() == t.state().chunksDone());
    }
  }

  private final Config config;
  private final FileBlobStore store;
  private final Path out;
  private String lastPublished = "v0";

  private KillResume(Config config) {
    this.config = config;
    this.out = config.work().resolve("out");
    this.store = new FileBlobStore(out);
  }

  public static Summary run(Config config) throws IOException, InterruptedException {
    return new KillResume(config).go();
  }

  private Summary go() throws IOException, InterruptedException {
    PrintStream o = config.out();
    Files.createDirectories(config.work().resolve("logs"));
    if (Files.exists(out)) {
      throw new IllegalArgumentException(out + " exists: give an empty --work folder");
    }
    Calibration cal = calibrate();
    o.printf(
        Locale.ROOT,
        "clean run v0: %.1f s; plan logged at %.2f s, 100%% at %.2f s, CURRENT flipped at %.2f s,"
            + " clean-up done at %.2f s; %d chunks, %d rows, %d failed%n",
        cal.totalSeconds(),
        cal.planAtSeconds(),
        cal.embeddedAtSeconds(),
        cal.flippedAtSeconds(),
        cal.publishedAtSeconds(),
        cal.chunks(),
        cal.expectedRows(),
        cal.failed());

    Poller poller = new Poller(cal.expectedRows());
    Thread reader = new Thread(poller, "current-poller");
    reader.setDaemon(true);
    reader.start();
    List<Trial> trials = new ArrayList<>();
    long t0 = System.nanoTime();
    try {
      for (int n = 1; n <= config.trials(); n++) {
        Trial t = trial(n, cal);
        trials.add(t);
        o.println(describe(t));
      }
    } finally {
      poller.stop = true;
      reader.join(10_000);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    for (String i : poller.incidents) {
      o.println("INCOMPLETE: " + i);
    }
    return new Summary(
        cal,
        trials,
        poller.polls.get(),
        poller.polls.get() == 0 ? 0 : secs * 1000 / poller.polls.get(),
        Set.copyOf(poller.versions),
        List.copyOf(poller.incidents));
  }

  // ---------------------------------------------------------------- the clean run

  private Calibration calibrate() throws IOException, InterruptedException {
    Job job = Job.start(command("v0"), config.work().resolve("logs/v0.txt"));
    long[] flipped = {-1};
    Thread watcher =
        new Thread(
            () -> {
              Path current = out.resolve(IndexKeys.CURRENT);
              while (job.process.isAlive() && !Files.exists(current)) {
                LockSupport.parkNanos(200_000);
              }
              flipped[0] = Files.exists(current) ? System.nanoTime() : -1;
            },
            "current-watcher");
    watcher.start();
    int exit = job.await(config.runTimeout());
    watcher.join();
    double total = job.seconds();
    if (exit != 0) {
      throw new IllegalStateException("the clean run failed (exit " + exit + "):\n" + job.tail());
    }
    Matcher plan = job.find(PLAN_LINE);
    if (plan == null || job.planAt < 0 || job.hundredAt < 0 || flipped[0] < 0) {
      throw new IllegalStateException(
          "the clean run's log lacks the plan or 100% line:\n" + job.tail());
    }
    double planAt = (job.planAt - job.start) / 1e9;
    double embeddedAt = (job.hundredAt - job.start) / 1e9;
    double flippedAt = (flipped[0] - job.start) / 1e9;
    double published = job.publishedAt < 0 ? total : (job.publishedAt - job.start) / 1e9;
    int lines = 0;
    for (String l : Files.readAllLines(config.catalog().resolve(CatalogFile.PRODUCTS_KEY))) {
      lines += l.isBlank() ? 0 : 1;
    }
    int failed = failedIn("v0");
    Map<String, Long> crcs = new HashMap<>();
    IndexManifest m = manifest("v0");
    for (IndexManifest.ShardEntry e : m.shards()) {
      crcs.put(e.key().substring(("index/v0/").length()), e.crc32c());
    }
    Calibration c =
        new Calibration(
            total,
            planAt,
            embeddedAt,
            flippedAt,
            published,
            Integer.parseInt(plan.group(2)),
            lines,
            failed,
            lines - failed,
            Map.copyOf(crcs));
    List<String> problems = verify("v0", c);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the clean run does not verify: " + problems);
    }
    return c;
  }

  // ---------------------------------------------------------------- one trial

  private Trial trial(int n, Calibration cal) throws IOException, InterruptedException {
    String version = "v" + n;
    Kill kill = null;
    Job job = null;
    double killedAt = -1;
    // A job that finishes before its kill is no trial: try again under a new name, killing sooner.
    for (int attempt = 0; attempt < 4; attempt++) {
      if (attempt > 0) {
        version = "v" + n + (char) ('a' + attempt);
      }
      kill = config.planner().plan(n, cal);
      if (attempt > 0 && kill.trigger() != Trigger.CHUNKS) {
        kill = new Kill(kill.trigger(), kill.value() / (1 << attempt));
      }
      job = Job.start(command(version), config.work().resolve("logs/" + version + "-killed.txt"));
      killedAt = killAt(job, kill, version);
      if (killedAt >= 0) {
        break;
      }
      lastPublished = version;
      config.out().println("  (" + version + " finished before " + kill + "; retrying)");
    }
    if (killedAt < 0) {
      throw new IllegalStateException("trial " + n + ": the job kept finishing before its kill");
    }
    KillState state = scan(version, cal, job.planAt >= 0);
    String current = current();
    List<String> problems = new ArrayList<>();
    if (!state.point().equals("published") && !lastPublished.equals(current)) {
      problems.add(
          "after the kill CURRENT is '"
              + current
              + "', neither the previous version "
              + lastPublished
              + " nor "
              + version);
    }

    Job rerun =
        Job.start(command(version), config.work().resolve("logs/" + version + "-rerun.txt"));
    int exit = rerun.await(config.runTimeout());
    boolean already = rerun.lines().stream().anyMatch(l -> l.contains(" is already published"));
    int resumed = -1;
    int embedded = -1;
    Matcher s = rerun.find(SUMMARY);
    if (s != null) {
      embedded = Integer.parseInt(s.group(3));
      resumed = Integer.parseInt(s.group(5));
    }
    if (exit != 0) {
      problems.add("re-run exit " + exit + ": " + rerun.tail());
    } else if (!already && s == null) {
      problems.add("re-run printed no summary line");
    }
    if (!already && s != null) {
      if (resumed != state.chunksDone()) {
        problems.add(
            "re-run resumed "
                + resumed
                + " chunks; "
                + state.chunksDone()
                + " were finished before the kill");
      }
      if (embedded != cal.expectedRows() - state.rowsDone()) {
        problems.add(
            "re-run embedded "
                + embedded
                + " products; expected "
                + (cal.expectedRows() - state.rowsDone())
                + " (finished chunks held "
                + state.rowsDone()
                + ")");
      }
    }
    if (already && !state.point().equals("published")) {
      problems.add("re-run says already published, but CURRENT did not name " + version);
    }
    problems.addAll(verify(version, cal));
    boolean identical = identical(version, cal);
    KillState after = scan(version, cal, true);
    lastPublished = version;
    return new Trial(
        n,
        version,
        kill,
        killedAt,
        state,
        exit,
        already,
        resumed,
        embedded,
        rerun.seconds(),
        problems,
        identical,
        after.workLeft(),
        after.tmpFiles());
  }

  /** Kills the job as planned; the seconds after start it was killed, or -1 if it had exited. */
  private double killAt(Job job, Kill kill, String version) throws InterruptedException {
    long deadline = System.nanoTime() + config.runTimeout().toNanos();
    switch (kill.trigger()) {
      case TIME -> {
        long due = job.start + (long) (kill.value() * 1e6);
        while (System.nanoTime() < due && job.process.isAlive()) {
          Thread.sleep(Math.max(0, Math.min(5, (due - System.nanoTime()) / 1_000_000)));
        }
      }
      case CHUNKS -> {
        Path work = out.resolve("index/" + version + "/_work");
        while (job.process.isAlive()
            && chunksDone(work) < kill.value()
            && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
      }
      case AFTER_PLAN, AFTER_EMBEDDING -> {
        boolean plan = kill.trigger() == Trigger.AFTER_PLAN;
        while (job.process.isAlive()
            && (plan ? job.planAt : job.hundredAt) < 0
            && System.nanoTime() < deadline) {
          LockSupport.parkNanos(100_000);
        }
        long due = (plan ? job.planAt : job.hundredAt) + (long) (kill.value() * 1e6);
        while (job.process.isAlive() && System.nanoTime() < due) {
          LockSupport.parkNanos(100_000);
        }
      }
    }
    if (!job.process.isAlive()) {
      job.await(Duration.ofSeconds(30));
      return -1;
    }
    job.process.destroyForcibly(); // SIGKILL on Linux and macOS
    long at = System.nanoTime();
    job.await(Duration.ofSeconds(30));
    if (job.process.exitValue() == 0) {
      return -1; // it exited on its own just before the signal
    }
    return (at - job.start) / 1e9;
  }

  private List<String> command(String version) {
    List<String> c = new ArrayList<>(config.btl());
    c.addAll(
        List.of(
            "--catalog",
            config.catalog().toString(),
            "--out",
            out.toString(),
            "--version",
            version,
            "--embedder",
            config.embedder(),
            "--chunk",
            Integer.toString(config.chunk()),
            "--workers",
            Integer.toString(config.workers())));
    return c;
  }

  // ---------------------------------------------------------------- what is on disk

  /**
   * Where the kill landed: {@code startup} (JVM, model load, reading the catalog: no plan line
   * logged, nothing on disk), {@code embedding} (chunks being embedded), {@code publishing} (every
   * chunk finished or final files written, CURRENT not yet naming the version), {@code published}
   * (CURRENT flipped; the job was deleting its work files or exiting).
   */
  private KillState scan(String version, Calibration cal, boolean planLogged) throws IOException {
    Path dir = out.resolve("index/" + version);
    Path work = dir.resolve("_work");
    int done = 0;
    int rows = 0;
    for (Path json : files(work)) {
      String name = json.getFileName().toString();
      if (name.endsWith(".json")) {
        Path shard = json.resolveSibling(name.substring(0, name.length() - 5) + ".shard");
        if (Files.isRegularFile(shard)) {
          done++;
          rows += ShardFormat.read(Files.readAllBytes(shard), shard.toString()).count();
        }
      }
    }
    List<Path> all = files(dir);
    boolean workLeft = Files.exists(work);
    int tmp =
        (int) all.stream().filter(p -> p.getFileName().toString().startsWith(".put-")).count();
    boolean published = version.equals(current());
    boolean publishing = done == cal.chunks() || all.stream().anyMatch(p -> !p.startsWith(work));
    String point =
        published
            ? "published"
            : publishing ? "publishing" : all.isEmpty() && !planLogged ? "startup" : "embedding";
    return new KillState(point, done, rows, workLeft, tmp);
  }

  private static int chunksDone(Path work) {
    int n = 0;
    for (Path p : files(work)) {
      n += p.getFileName().toString().endsWith(".json") ? 1 : 0;
    }
    return n;
  }

  private static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of(); // a folder vanished under the walk (the job deletes _work): look again
    }
  }

  private String current() throws IOException {
    return store
        .get(IndexKeys.CURRENT)
        .map(b -> new String(b, StandardCharsets.UTF_8).strip())
        .orElse("");
  }

  private IndexManifest manifest(String version) throws IOException {
    return IndexManifest.fromJson(
        store
            .get(IndexKeys.manifest(version))
            .orElseThrow(() -> new NoSuchFileException(IndexKeys.manifest(version))),
        IndexKeys.manifest(version));
  }

  private int failedIn(String version) throws IOException {
    String key = "index/" + version + "/report.json";
    String report =
        new String(
            store.get(key).orElseThrow(() -> new NoSuchFileException(key)), StandardCharsets.UTF_8);
    Matcher m = FAILED.matcher(report);
    if (!m.find()) {
      throw new IOException(key + " has no \"failed\" count");
    }
    return Integer.parseInt(m.group(1));
  }

  /** CURRENT names the version, its manifest's shards all check out, the counts add up. */
  private List<String> verify(String version, Calibration cal) {
    List<String> problems = new ArrayList<>();
    try {
      if (!version.equals(current())) {
        problems.add("CURRENT is '" + current() + "', not " + version);
      }
      IndexManifest m = manifest(version);
      problems.addAll(checkShards(store, m, cal.expectedRows()));
      int failed = failedIn(version);
      if (failed != cal.failed()) {
        problems.add("report.json lists " + failed + " failures; the clean run " + cal.failed());
      }
    } catch (IOException | RuntimeException e) {
      problems.add(e.toString());
    }
    return problems;
  }

  /** Every shard of the manifest exists, has its size and CRC-32C, parses, and counts add up. */
  static List<String> checkShards(FileBlobStore store, IndexManifest m, int expectedRows)
      throws IOException {
    List<String> problems = new ArrayList<>();
    long rows = 0;
    for (IndexManifest.ShardEntry e : m.shards()) {
      byte[] bytes = store.get(e.key()).orElse(null);
      if (bytes == null) {
        problems.add("shard " + e.key() + " is missing");
        continue;
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      if (bytes.length != e.bytes() || crc.getValue() != e.crc32c()) {
        problems.add("shard " + e.key() + " does not match the manifest's size/CRC-32C");
        continue;
      }
      Shard s = ShardFormat.read(bytes, e.key());
      if (s.count() != e.count() || s.category() != e.category()) {
        problems.add(
            "shard "
                + e.key()
                + " holds "
                + s.count()
                + " "
                + s.category()
                + " rows; the manifest says "
                + e.count()
                + " "
                + e.category());
      }
      rows += s.count();
    }
    if (rows != expectedRows) {
      problems.add(
          m.version()
              + " holds "
              + rows
              + " rows; the catalog minus reported failures is "
              + expectedRows);
    }
    return problems;
  }

  /** Every shard is byte-identical to the clean run's (shards carry no version or time). */
  private boolean identical(String version, Calibration cal) {
    try {
      IndexManifest m = manifest(version);
      if (m.shards().size() != cal.shardCrcs().size()) {
        return false;
      }
      for (IndexManifest.ShardEntry e : m.shards()) {
        Long crc = cal.shardCrcs().get(e.key().substring(("index/" + version + "/").length()));
        if (crc == null || crc != e.crc32c()) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- the reader

  /**
   * Polls CURRENT the way the query function reads the index: a fresh {@link IndexReader} each time
   * (so no earlier snapshot can hide a failure), every shard of the version loaded through its
   * cache (size, magic, trailer and CRC checked there), then the bytes checked against the
   * manifest's CRC-32C and the row count against the catalog.
   */
  private final class Poller implements Runnable {
    final int expectedRows;
    final AtomicLong polls = new AtomicLong();
    final Set<String> versions = new ConcurrentSkipListSet<>();
    final List<String> incidents = Collections.synchronizedList(new ArrayList<>());
    volatile boolean stop;

    Poller(int expectedRows) {
      this.expectedRows = expectedRows;
    }

    @Override
    public void run() {
      while (!stop) {
        Read r = readCurrent(store, expectedRows);
        if (r.problem() != null) {
          incidents.add(r.version() + ": " + r.problem());
        } else {
          versions.add(r.version());
        }
        polls.incrementAndGet();
        try {
          Thread.sleep(config.pollMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** One read through CURRENT: the version it named, and why it did not load whole (or null). */
  record Read(String version, String problem) {}

  /** What a reader gets when it follows CURRENT now; see {@link Poller}. */
  static Read readCurrent(FileBlobStore store, int expectedRows) {
    String version = "?";
    try {
      version =
          store
              .get(IndexKeys.CURRENT)
              .map(b -> new String(b, StandardCharsets.UTF_8).strip())
              .orElse("(no CURRENT)");
      IndexSnapshot snap = new IndexReader(store, Duration.ZERO, 1L << 30, null).snapshot();
      version = snap.manifest().version();
      for (Category c : snap.categories()) {
        snap.vectorOf(c, "\u0000not-a-product"); // loads every shard of the category
      }
      List<String> problems = checkShards(store, snap.manifest(), expectedRows);
      return new Read(version, problems.isEmpty() ? null : problems.toString());
    } catch (Exception | Error e) {
      return new Read(version, e.toString());
    }
  }

  // ---------------------------------------------------------------- a child job

  private static final class Job {
    final Process process;
    final long start;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final Thread pump;
    volatile long planAt = -1;
    volatile long hundredAt = -1;
    volatile long publishedAt = -1;
    long end;

    private Job(Process process, long start, Path log) {
      this.process = process;
      this.start = start;
      this.pump = new Thread(() -> pump(log), "job-output");
      pump.setDaemon(true);
      pump.start();
    }

    static Job start(List<String> command, Path log) throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("CI", "1"); // plain progress lines, no bar
      long t = System.nanoTime();
      return new Job(pb.start(), t, log);
    }

    private void pump(Path log) {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          long now = System.nanoTime();
          if (planAt < 0 && PLAN_LINE.matcher(l).find()) {
            planAt = now;
          }
          if (hundredAt < 0 && l.contains(HUNDRED)) {
            hundredAt = now;
          }
          if (publishedAt < 0 && l.startsWith(PUBLISHED)) {
            publishedAt = now;
          }
          lines.add(l);
        }
      } catch (IOException e) {
        lines.add("(output: " + e + ")");
      }
      try {
        Files.write(log, lines);
      } catch (IOException e) {
        // the log is a convenience
      }
    }

    int await(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
      end = System.nanoTime();
      pump.join(10_000);
      return process.exitValue();
    }

    double seconds() {
      return (end - start) / 1e9;
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    Matcher find(Pattern p) {
      for (String l : lines()) {
        Matcher m = p.matcher(l);
        if (m.find()) {
          return m;
        }
      }
      return null;
    }

    String tail() {
      List<String> l = lines();
      return String.join("\n", l.subList(Math.max(0, l.size() - 15), l.size()));
    }
  }

  // ---------------------------------------------------------------- output

  private static String describe(Trial t) {
    KillState s = t.state();
    return String.format(
        Locale.ROOT,
        "trial %2d %-4s kill %-13s at %5.2f s → %-10s chunks %3d done | re-run exit %d %s %5.1f s"
            + " | %s%s",
        t.n(),
        t.version(),
        t.kill(),
        t.killedAtSeconds(),
        s.point(),
        s.chunksDone(),
        t.rerunExit(),
        t.alreadyPublished()
            ? "already published        "
            : String.format(Locale.ROOT, "resumed %3d embedded %4d", t.resumed(), t.embedded()),
        t.rerunSeconds(),
        t.problems().isEmpty() ? "verified" : "FAILED " + t.problems(),
        t.identical() ? ", identical to v0" : ", differs from v0");
  }

  static String median(List<Integer> xs) {
    if (xs.isEmpty()) {
      return "n/a";
    }
    List<Integer> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1
        ? Integer.toString(s.get(n / 2))
        : String.format(Locale.ROOT, "%.1f", (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0);
  }

  static double medianD(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /**
   * The benchmark's plan, stratified so that every phase is hit: of n trials, 15 % are killed while
   * the JVM starts and loads the model (uniformly before the clean run's plan line), 45 % while
   * embedding (uniformly over the clean run's embedding time after the child's own plan line), 25 %
   * while shards, manifest and CURRENT are written (uniformly over the clean run's 100 % → CURRENT
   * time after the child's own 100 % line) and 15 % after the flip, while the work files are
   * deleted. The phases are shuffled and the delays drawn from {@code seed}; a loaded machine
   * shifts where a kill lands, which is why each kill point is read off the disk afterwards rather
   * than assumed.
   */
  public static Planner randomPlanner(long seed, int trials) {
    Random rnd = new Random(seed);
    int startup = (int) Math.round(0.15 * trials);
    int embedding = (int) Math.round(0.45 * trials);
    int publishing = (int) Math.round(0.25 * trials);
    List<Integer> phases = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      phases.add(
          i < startup
              ? 0
              : i < startup + embedding ? 1 : i < startup + embedding + publishing ? 2 : 3);
    }
    Collections.shuffle(phases, rnd);
    return (n, c) -> {
      double u = rnd.nextDouble();
      double flip = c.flippedAtSeconds() - c.embeddedAtSeconds();
      return switch (phases.get((n - 1) % trials)) {
        case 0 -> new Kill(Trigger.TIME, u * c.planAtSeconds() * 1000);
        case 1 ->
            new Kill(Trigger.AFTER_PLAN, u * (c.embeddedAtSeconds() - c.planAtSeconds()) * 1000);
        case 2 -> new Kill(Trigger.AFTER_EMBEDDING, u * flip * 1000);
        default ->
            new Kill(
                Trigger.AFTER_EMBEDDING,
                (flip + u * (c.publishedAtSeconds() - c.flippedAtSeconds())) * 1000);
      };
    };
  }

  static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0
        || !a.containsKey("catalog")
        || !a.containsKey("work")
        || (a.containsKey("jar") == a.containsKey("classpath"))) {
      System.err.println(
          "usage: KillResume (--jar btl-index.jar | --classpath CP) --catalog DIR --work DIR"
              + " [--trials 20] [--seed 1] [--chunk 8] [--workers N] [--embedder default]"
              + " [--poll-ms 2]");
      System.exit(2);
    }
    List<String> btl = new ArrayList<>(List.of(javaBinary().toString()));
    if (a.containsKey("jar")) {
      btl.addAll(List.of("-jar", a.get("jar")));
    } else {
      btl.addAll(List.of("-cp", a.get("classpath"), IndexMain.class.getName()));
    }
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    Config config =
        new Config(
            btl,
            Path.of(a.get("catalog")).toAbsolutePath(),
            Path.of(a.get("work")).toAbsolutePath(),
            Integer.parseInt(a.getOrDefault("trials", "20")),
            a.getOrDefault("embedder", "default"),
            Integer.parseInt(a.getOrDefault("chunk", "8")),
            Integer.parseInt(
                a.getOrDefault(
                    "workers", Integer.toString(Runtime.getRuntime().availableProcessors()))),
            Long.parseLong(a.getOrDefault("poll-ms", "2")),
            randomPlanner(seed, Integer.parseInt(a.getOrDefault("trials", "20"))),
            System.out,
            Duration.ofMinutes(10));
    System.out.println(
        "kill/resume: "
            + config.trials()
            + " trials, seed "
            + seed
            + ", chunk "
            + config.chunk()
            + ", embedder "
            + config.embedder()
            + ", reader polls every "
            + config.pollMillis()
            + " ms; work in "
            + config.work());
    Summary s = run(config);
    System.out.println(s.line());
    System.exit(s.ok() ? 0 : 1);
  }
}
