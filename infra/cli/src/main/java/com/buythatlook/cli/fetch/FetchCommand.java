package com.buythatlook.cli.fetch;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.dataset.PhotoLine;
import com.buythatlook.core.dataset.PhotoList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code btl fetch}: checks the options, runs a {@link Fetcher}, writes and sums up the report. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    // Wide enough that the example in the footer stays on one line and can be copied.
    usageHelpWidth = 100,
    description = {
      "Downloads the images a street2shop photos.txt lists (http, https and file URIs) into"
          + " DIR/images/<9-digit photo id>.<jpg|png|webp|gif|bmp>, the extension following the"
          + " format of the bytes received.",
      "",
      "Each photo is fetched once however many rows list it, and checked to decode as an image"
          + " before it gets its final name, so a run can be stopped and started again: images"
          + " already complete are skipped. Failures are listed in DIR/"
          + FetchReport.FILE_NAME
          + ".",
      "",
      "Exit status: 0 when every photo is on disk, 1 when some failed, 2 for a usage mistake.",
      ""
    },
    footer = {
      "",
      "Example: btl fetch --photos data/street2shop/photos.txt --out data/street2shop --workers 16"
    })
public final class FetchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--photos",
      paramLabel = "FILE",
      description =
          "The photo list: one 'photoId,URI' per line. Default: DIR/photos.txt, else"
              + " DIR/photos/photos.txt.")
  Path photos;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Data set folder; writes DIR/images/ and DIR/" + FetchReport.FILE_NAME + ".")
  Path out;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "8",
      description = "Photos downloaded in parallel (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "20s",
      converter = Durations.Converter.class,
      description =
          "Limit for one request: connecting, waiting for the answer and reading the whole image,"
              + " e.g. 20s, 500ms, 1m (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Retries per URI after a transient failure (connect error, timeout, HTTP 5xx or 429,"
              + " truncated body), with exponential backoff and jitter. 404, 403 and bodies that"
              + " are not images are not retried (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--retry-delay",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Durations.Converter.class,
      description =
          "Wait before the first retry, doubling for each further one, up to 30s; a server's"
              + " Retry-After wins (default: ${DEFAULT-VALUE}).")
  Duration retryDelay;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Only the first N rows of the photo list, to try things out.")
  Integer limit;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Fetcher.Settings settings = new Fetcher.Settings(workers, timeout, retries, retryDelay);
    if (limit != null && limit < 1) {
      throw new UserError("--limit must be at least 1, got " + limit);
    }
    Path list = photoList();
    List<PhotoLine> rows;
    try {
      rows = PhotoList.read(list);
    } catch (IOException e) {
      throw new UserError("cannot read " + list + ": " + e.getMessage());
    }
    if (limit != null && rows.size() > limit) {
      rows = rows.subList(0, limit);
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UserError("cannot create the output folder " + out + ": " + e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    if (rows.isEmpty()) {
      err.println("fetch: " + list + " lists no photos");
    }
    FetchReport report = new Fetcher(settings, out, err).fetch(rows);
    Path file = report.write(out);
    printSummary(report, file);
    return report.exitCode();
  }

  private Path photoList() {
    if (photos != null) {
      if (!Files.isRegularFile(photos)) {
        throw new UserError(
            photos + " is not a file; --photos takes the photos.txt that lists 'photoId,URI'");
      }
      return photos;
    }
    for (String candidate : List.of(Layout.PHOTOS_TXT, Layout.PHOTOS_TXT_ALT)) {
      Path p = out.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new UserError(
        "no photo list: neither "
            + out.resolve(Layout.PHOTOS_TXT)
            + " nor "
            + out.resolve(Layout.PHOTOS_TXT_ALT)
            + " exists; name it with --photos FILE");
  }

  private void printSummary(FetchReport report, Path reportFile) {
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        "fetched %d, already there %d, failed %d, of %d photos (%d rows) in %s%n",
        report.count(Outcome.Status.FETCHED),
        report.count(Outcome.Status.SKIPPED_EXISTING),
        report.count(Outcome.Status.FAILED),
        report.outcomes().size(),
        report.rows(),
        Progress.clock(report.elapsed().toSeconds()));
    Map<String, Long> kinds = report.failureKinds();
    if (!kinds.isEmpty()) {
      o.println(
          "failures: "
              + kinds.entrySet().stream()
                  .limit(6)
                  .map(e -> e.getValue() + " x " + e.getKey())
                  .collect(Collectors.joining(", "))
              + (kinds.size() > 6 ? ", ..." : ""));
    }
    o.println("images: " + out.resolve(Layout.IMAGES_DIR));
    o.println("report: " + reportFile);
    o.flush();
  }
}
