package com.buythatlook.cli.fetch;

import static com.buythatlook.cli.fetch.LoopbackImageServer.ok;
import static com.buythatlook.cli.fetch.LoopbackImageServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.Btl;
import com.buythatlook.core.dataset.Layout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code btl fetch} as a user runs it: options, exit status, summary, report, mistakes. */
class FetchCommandIT {
  private static final byte[] JPEG = TestImages.jpeg(48, 32, 5);
  private static final byte[] PNG = TestImages.png(20, 20, 6);

  @TempDir Path dir;

  private LoopbackImageServer server;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void startServer() throws IOException {
    server =
        new LoopbackImageServer()
            .route("/1.jpg", ok(JPEG, "image/jpeg"))
            .route("/2.png", ok(PNG, "image/png"))
            .route("/dead.jpg", status(404));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void helpExplainsEachOptionAndEndsWithAnExample() {
    int rc = btl("fetch", "--help");

    assertThat(rc).isZero();
    String oneLine = out.toString().replaceAll("\\s+", " "); // wrapped at the help width
    assertThat(oneLine)
        .contains("--photos=FILE", "--out=DIR", "--workers=N", "--timeout=DURATION")
        .contains("--retries=N", "--retry-delay=DURATION", "--limit=N")
        .contains("(default: 8)", "(default: 20s)", "(default: 3)")
        .contains("404, 403 and bodies that are not images are not retried");
    assertThat(out.toString())
        .endsWith(
            "Example: btl fetch --photos data/street2shop/photos.txt --out data/street2shop"
                + " --workers 16"
                + System.lineSeparator());
  }

  @Test
  void fetchesEveryPhotoExitsZeroAndSkipsThemOnTheNextRun() throws Exception {
    // given: an http photo, a file one, and a photo on two rows
    Path local = Files.write(dir.resolve("local.png"), PNG);
    Path photos =
        photosTxt(
            "000000001," + server.url("/1.jpg"),
            "000000002," + local.toUri(),
            "000000001," + server.url("/1.jpg"));
    Path data = dir.resolve("data");

    // when
    int first = btl("fetch", "--photos", photos.toString(), "--out", data.toString());

    // then
    assertThat(first).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("fetched 2, already there 0, failed 0, of 2 photos (3 rows)")
        .contains("report: " + data.resolve(FetchReport.FILE_NAME))
        .doesNotContain("failures:");
    assertThat(err.toString()).contains("fetch: 2/2 (100%)");
    assertThat(Layout.imageFile(data, 1, "jpg")).hasBinaryContent(JPEG);
    assertThat(Layout.imageFile(data, 2, "png")).hasBinaryContent(PNG);
    assertThat(report(data).get("ok").asInt()).isEqualTo(2);

    // when: run again
    int second = btl("fetch", "--photos", photos.toString(), "--out", data.toString());

    // then
    assertThat(second).isZero();
    assertThat(out.toString()).contains("fetched 0, already there 2, failed 0");
    assertThat(report(data).get("skipped_existing").asInt()).isEqualTo(2);
    assertThat(server.hits("/1.jpg")).isEqualTo(1);
  }

  @Test
  void exitsOneWhenSomePhotosFailAndSaysWhy() throws Exception {
    Path photos =
        photosTxt("1," + server.url("/1.jpg"), "2," + server.url("/dead.jpg"), "3,ftp://x/3.jpg");
    Path data = dir.resolve("data");

    int rc =
        btl("fetch", "--photos", photos.toString(), "--out", data.toString(), "--workers", "2");

    assertThat(rc).isEqualTo(1);
    assertThat(out.toString())
        .contains("fetched 1, already there 0, failed 2")
        .contains(
            "failures: 1 x HTTP 404, 1 x unsupported URI scheme 'ftp' (expected http, https or"
                + " file)");
    JsonNode report = report(data);
    assertThat(report.get("failed").asInt()).isEqualTo(2);
    assertThat(report.get("failures").get(0).get("photo").asLong()).isEqualTo(2);
    assertThat(report.get("failures").get(0).get("reason").asText()).isEqualTo("HTTP 404");
  }

  @Test
  void limitTakesTheFirstRowsAndPhotosTxtIsFoundInTheOutputFolder() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.write(
        data.resolve(Layout.PHOTOS_TXT),
        List.of(
            "1," + server.url("/1.jpg"),
            "2," + server.url("/2.png"),
            "3," + server.url("/dead.jpg")));

    int rc = btl("fetch", "--out", data.toString(), "--limit", "2");

    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).contains("of 2 photos (2 rows)");
    assertThat(server.hits("/dead.jpg")).isZero();
  }

  @Test
  void userMistakesGetOneSentenceAndExitStatusTwo() throws Exception {
    Path data = dir.resolve("data");
    Path photos = photosTxt("1," + server.url("/1.jpg"));
    Path malformed =
        Files.write(dir.resolve("bad.txt"), List.of("1," + server.url("/1.jpg"), "two"));

    assertMistake(
        btl("fetch", "--photos", dir.resolve("nope.txt").toString(), "--out", data.toString()),
        "btl fetch: " + dir.resolve("nope.txt") + " is not a file");
    assertMistake(btl("fetch", "--out", data.toString()), "btl fetch: no photo list: neither ");
    assertMistake(
        btl("fetch", "--photos", malformed.toString(), "--out", data.toString()),
        "line 2: expected 'photoId,URI', got 'two'");
    assertMistake(
        btl("fetch", "--photos", photos.toString(), "--out", data.toString(), "--workers", "0"),
        "btl fetch: --workers must be at least 1, got 0");
    assertMistake(
        btl("fetch", "--photos", photos.toString(), "--out", data.toString(), "--limit", "0"),
        "btl fetch: --limit must be at least 1, got 0");
    assertMistake(
        btl("fetch", "--photos", photos.toString(), "--out", data.toString(), "--timeout", "soon"),
        "'soon' is not a duration");
    assertMistake(
        btl("fetch", "--photos", photos.toString()), "Missing required option: '--out=DIR'");
  }

  @Test
  void refusesToRunTwiceOnOneFolderAtOnce() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path photos = photosTxt("1," + server.url("/1.jpg"));
    try (FileChannel ch =
            FileChannel.open(
                data.resolve(Fetcher.LOCK_FILE),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      assertThat(held.isValid()).isTrue();

      int rc = btl("fetch", "--photos", photos.toString(), "--out", data.toString());

      assertMistake(rc, "another btl fetch is writing to " + data);
    }
    assertThat(server.hits("/1.jpg")).isZero();
  }

  private void assertMistake(int rc, String message) {
    assertThat(rc).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).contains(message).doesNotContain("\tat ");
  }

  private int btl(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = Btl.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--help")) {
      all.add("--retry-delay=10ms"); // keep the suite fast
    }
    return cl.execute(all.toArray(String[]::new));
  }

  private Path photosTxt(String... lines) throws IOException {
    return Files.write(dir.resolve("photos.txt"), List.of(lines));
  }

  private static JsonNode report(Path data) throws IOException {
    return new ObjectMapper().readTree(data.resolve(FetchReport.FILE_NAME).toFile());
  }
}
