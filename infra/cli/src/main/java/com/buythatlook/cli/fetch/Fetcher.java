package com.buythatlook.cli.fetch;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.fetch.Outcome.UriFailure;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.dataset.PhotoLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one {@link PhotoTask} per distinct photo on a fixed pool of workers and gathers the outcomes
 * into a {@link FetchReport}.
 */
final class Fetcher {
  /** How a run behaves; the command line's options. */
  record Settings(int workers, Duration timeout, int retries, Duration retryDelay) {
    Settings {
      if (workers < 1) {
        throw new UserError("--workers must be at least 1, got " + workers);
      }
      if (timeout.isZero() || timeout.isNegative()) {
        throw new UserError("--timeout must be more than 0");
      }
      if (retries < 0) {
        throw new UserError("--retries must be 0 or more, got " + retries);
      }
    }
  }

  /** Marks a data set folder as being written by a run; one run per folder at a time. */
  static final String LOCK_FILE = ".fetch.lock";

  private final Settings settings;
  private final Path root;
  private final Downloader downloader;
  private final Backoff backoff;
  private final PrintWriter err;

  Fetcher(Settings settings, Path root, PrintWriter err) {
    this(
        settings,
        root,
        new Downloader(settings.timeout()),
        new Backoff(settings.retryDelay()),
        err);
  }

  Fetcher(Settings settings, Path root, Downloader downloader, Backoff backoff, PrintWriter err) {
    this.settings = settings;
    this.root = root;
    this.downloader = downloader;
    this.backoff = backoff;
    this.err = err;
  }

  /**
   * Fetches every photo the rows list into {@code root/images}.
   *
   * @throws UserError when another run is writing to the same folder
   */
  FetchReport fetch(List<PhotoLine> rows) throws IOException, InterruptedException {
    Files.createDirectories(root.resolve(Layout.IMAGES_DIR));
    try (FileChannel lockFile =
        FileChannel.open(
            root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(lockFile);
      try {
        return fetchLocked(PhotoJob.group(rows), rows.size());
      } finally {
        lock.release();
      }
    }
  }

  /**
   * Two runs on one folder would each own "their" photo's .part file, and the ownership argument
   * that rules out the race would no longer hold.
   */
  private FileLock tryLock(FileChannel channel) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new UserError(
          "another btl fetch is writing to "
              + root
              + "; wait for it to finish or use another --out");
    }
    return lock;
  }

  private FetchReport fetchLocked(List<PhotoJob> jobs, int rows) throws InterruptedException {
    Progress progress = new Progress(jobs.size(), err);
    // Workers take the next job from a shared counter rather than the pool holding one queued
    // task per photo: a full street2shop list is 400k photos.
    Outcome[] outcomes = new Outcome[jobs.size()];
    AtomicInteger next = new AtomicInteger();
    Callable<Void> worker =
        () -> {
          for (int i = next.getAndIncrement(); i < jobs.size(); i = next.getAndIncrement()) {
            outcomes[i] = runAndRecord(jobs.get(i), progress);
          }
          return null;
        };
    int workers = Math.min(settings.workers(), Math.max(1, jobs.size()));
    ExecutorService pool = Executors.newFixedThreadPool(workers, workerThreads());
    try {
      for (Future<Void> f : pool.invokeAll(Collections.nCopies(workers, worker))) {
        try {
          f.get(); // also makes the workers' writes to outcomes visible here
        } catch (ExecutionException e) {
          // runAndRecord turns exceptions into outcomes; what gets here is an Error or an
          // interruption, and the run cannot go on after either.
          throw new IllegalStateException("a fetch worker stopped", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
    return new FetchReport(rows, Arrays.asList(outcomes), progress.elapsed());
  }

  /**
   * A bug while fetching one photo is logged with its stack trace and counted as that photo's
   * failure; it does not throw away hours of downloads of the other photos.
   */
  private Outcome runAndRecord(PhotoJob job, Progress progress) throws InterruptedException {
    Outcome outcome;
    try {
      outcome = new PhotoTask(job, root, downloader, backoff, settings.retries()).call();
    } catch (RuntimeException e) {
      synchronized (err) {
        err.println("fetch: internal error on photo " + job.photoId() + ":");
        e.printStackTrace(err);
        err.flush();
      }
      outcome =
          Outcome.failed(
              job.photoId(), List.of(new UriFailure(job.uris().get(0), "internal error: " + e, 0)));
    }
    progress.record(outcome);
    return outcome;
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "fetch-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
