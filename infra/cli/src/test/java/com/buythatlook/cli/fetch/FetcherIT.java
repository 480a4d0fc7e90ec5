package com.buythatlook.cli.fetch;

import static com.buythatlook.cli.fetch.LoopbackImageServer.failFirst;
import static com.buythatlook.cli.fetch.LoopbackImageServer.ok;
import static com.buythatlook.cli.fetch.LoopbackImageServer.redirect;
import static com.buythatlook.cli.fetch.LoopbackImageServer.slowBody;
import static com.buythatlook.cli.fetch.LoopbackImageServer.slowHeaders;
import static com.buythatlook.cli.fetch.LoopbackImageServer.status;
import static com.buythatlook.cli.fetch.LoopbackImageServer.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.dataset.PhotoLine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Fetcher} against a loopback HTTP server and local files. */
class FetcherIT {
  // Short, so the suite stays fast, yet well above a loopback round trip on a busy machine: a
  // spurious timeout would turn "not retried" assertions into flukes.
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final int RETRIES = 2;

  private static final byte[] JPEG_A = TestImages.jpeg(64, 48, 1);
  private static final byte[] JPEG_B = TestImages.jpeg(40, 40, 2);
  private static final byte[] PNG = TestImages.png(32, 24, 3);

  @TempDir Path out;
  @TempDir Path sources;

  private LoopbackImageServer server;
  private final StringWriter progress = new StringWriter();

  /**
   * The first request of a JVM loads and links the whole HTTP client, which can take longer than
   * {@link #TIMEOUT}; that cost belongs to no test.
   */
  @BeforeAll
  static void warmUpTheHttpClient() throws Exception {
    try (LoopbackImageServer warmUp = new LoopbackImageServer()) {
      warmUp.route("/warm-up.jpg", ok(JPEG_A, "image/jpeg"));
      new Downloader(Duration.ofSeconds(10)).get(warmUp.url("/warm-up.jpg"));
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    server = new LoopbackImageServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void fetchesGoodImagesAndReportsWhyTheOthersFailed() throws Exception {
    // given
    server
        .route("/a.jpg", ok(JPEG_A, "image/jpeg"))
        .route("/b.png", ok(PNG, "application/octet-stream")) // format comes from the bytes
        .route("/gone.jpg", status(404))
        .route("/forbidden.jpg", status(403))
        .route("/slow.jpg", slowHeaders(5_000, JPEG_A))
        .route("/trickle.jpg", slowBody(5_000, JPEG_A))
        .route("/cut.jpg", truncated(JPEG_A, 300))
        .route("/half.jpg", ok(TestImages.firstHalf(JPEG_A), "image/jpeg"))
        .route("/error-page.jpg", ok(TestImages.html(), "image/jpeg"))
        .route("/flaky.jpg", failFirst(1, 503, JPEG_B, "image/jpeg"))
        .route("/busy.jpg", failFirst(1, 429, JPEG_B, "image/jpeg"))
        .route("/moved.jpg", redirect("/a.jpg"));
    Path localPng = Files.write(sources.resolve("local.png"), PNG);
    List<PhotoLine> rows =
        List.of(
            row(1, server.url("/a.jpg")),
            row(2, server.url("/b.png")),
            row(3, server.url("/gone.jpg")),
            row(4, server.url("/forbidden.jpg")),
            row(5, server.url("/slow.jpg")),
            row(6, server.url("/trickle.jpg")),
            row(7, server.url("/cut.jpg")),
            row(8, server.url("/half.jpg")),
            row(9, server.url("/error-page.jpg")),
            row(10, server.url("/flaky.jpg")),
            row(11, server.url("/busy.jpg")),
            row(12, server.url("/moved.jpg")),
            row(13, localPng.toUri().toString()),
            row(14, sources.resolve("missing.jpg").toUri().toString()),
            row(15, "http://127.0.0.1:" + closedPort() + "/refused.jpg"),
            row(16, "ftp://example.org/x.jpg"));

    // when
    FetchReport report = fetcher().fetch(rows);
    JsonNode json = writeAndRead(report);

    // then
    assertThat(json.get("ok").asInt()).isEqualTo(6);
    assertThat(json.get("failed").asInt()).isEqualTo(10);
    assertThat(json.get("skipped_existing").asInt()).isZero();
    assertThat(report.exitCode()).isEqualTo(1);

    assertThat(image(1, "jpg")).hasBinaryContent(JPEG_A);
    assertThat(image(2, "png")).hasBinaryContent(PNG);
    assertThat(image(10, "jpg")).hasBinaryContent(JPEG_B);
    assertThat(image(11, "jpg")).hasBinaryContent(JPEG_B);
    assertThat(image(12, "jpg")).hasBinaryContent(JPEG_A);
    assertThat(image(13, "png")).hasBinaryContent(PNG);
    assertThat(server.hits("/flaky.jpg")).isEqualTo(2);
    assertThat(server.hits("/busy.jpg")).isEqualTo(2);

    Map<Long, JsonNode> failures = failuresById(json);
    assertThat(failures).containsOnlyKeys(3L, 4L, 5L, 6L, 7L, 8L, 9L, 14L, 15L, 16L);
    assertFailure(failures.get(3L), server.url("/gone.jpg"), "HTTP 404", 1);
    assertFailure(failures.get(4L), server.url("/forbidden.jpg"), "HTTP 403", 1);
    assertFailure(failures.get(5L), server.url("/slow.jpg"), "timed out after 500 ms", 1 + RETRIES);
    assertFailure(
        failures.get(6L), server.url("/trickle.jpg"), "timed out after 500 ms", 1 + RETRIES);
    assertFailure(
        failures.get(7L),
        server.url("/cut.jpg"),
        "truncated: got 300 of " + JPEG_A.length + " bytes",
        1 + RETRIES);
    assertThat(failures.get(8L).get("reason").asText())
        .startsWith("truncated: the JPEG stops before its end");
    assertFailure(
        failures.get(9L),
        server.url("/error-page.jpg"),
        "not an image: an HTML page (served as image/jpeg)",
        1);
    assertThat(failures.get(14L).get("reason").asText()).startsWith("no such file: ");
    assertThat(failures.get(15L).get("reason").asText()).startsWith("cannot connect");
    assertThat(failures.get(15L).get("attempts").asInt()).isEqualTo(1 + RETRIES);
    assertThat(failures.get(16L).get("reason").asText())
        .isEqualTo("unsupported URI scheme 'ftp' (expected http, https or file)");

    // dead links and non-images are asked for once; transient failures are retried
    assertThat(server.hits("/gone.jpg")).isEqualTo(1);
    assertThat(server.hits("/forbidden.jpg")).isEqualTo(1);
    assertThat(server.hits("/error-page.jpg")).isEqualTo(1);
    assertThat(server.hits("/slow.jpg")).isEqualTo(1 + RETRIES);
    assertThat(server.hits("/cut.jpg")).isEqualTo(1 + RETRIES);

    // nothing under a final name for the failures, and no temp file anywhere
    for (long id : failures.keySet()) {
      assertThat(filesOf(id)).as("files of photo %d", id).isEmpty();
    }
    assertThat(partFiles()).isEmpty();
    assertThat(progress.toString()).contains("fetch: 16/16 (100%)").contains("done");
  }

  @Test
  void fetchesAPhotoListedOnSeveralRowsOnce() throws Exception {
    // given: photo 20 twice with the same URI; 21 fails on its first URI and works on its
    // second; 22 works on its first, so its second (dead) URI is never asked for.
    server
        .route("/shared.jpg", ok(JPEG_A, "image/jpeg"))
        .route("/good.jpg", ok(JPEG_B, "image/jpeg"))
        .route("/dead.jpg", status(404));
    List<PhotoLine> rows =
        List.of(
            row(20, server.url("/shared.jpg")),
            row(21, server.url("/dead.jpg")),
            row(22, server.url("/good.jpg")),
            row(20, server.url("/shared.jpg")),
            row(21, server.url("/good.jpg")),
            row(22, server.url("/dead.jpg")));

    // when
    FetchReport report = fetcher().fetch(rows);

    // then
    JsonNode json = writeAndRead(report);
    assertThat(json.get("ok").asInt()).isEqualTo(3);
    assertThat(json.get("failed").asInt()).isZero();
    assertThat(json.get("photos").asInt()).isEqualTo(3);
    assertThat(json.get("rows").asInt()).isEqualTo(6);
    assertThat(report.exitCode()).isZero();
    assertThat(server.hits("/shared.jpg")).isEqualTo(1);
    assertThat(server.hits("/dead.jpg")).isEqualTo(1); // photo 21's first URI only
    assertThat(image(20, "jpg")).hasBinaryContent(JPEG_A);
    assertThat(image(21, "jpg")).hasBinaryContent(JPEG_B);
    assertThat(image(22, "jpg")).hasBinaryContent(JPEG_B);
  }

  @Test
  void aFailingPhotoNeverRemovesAnImageAnotherRowNeeds() throws Exception {
    // given: the seed's race. Street photo 30 appears in many pairs next to shop photos, half
    // of which are dead; with many workers, failing shop photos must not touch photo 30.
    server.route("/street.jpg", ok(JPEG_A, "image/jpeg"));
    List<PhotoLine> rows = new ArrayList<>();
    for (int pair = 0; pair < 40; pair++) {
      rows.add(row(30, server.url("/street.jpg")));
      String shop = pair % 2 == 0 ? "/shop-" + pair + ".jpg" : "/street.jpg";
      rows.add(row(100 + pair, server.url(shop)));
      rows.add(row(30, server.url("/dead-street-mirror-" + pair + ".jpg")));
    }

    // when
    FetchReport report = fetcher(16).fetch(rows);

    // then
    assertThat(image(30, "jpg")).hasBinaryContent(JPEG_A);
    assertThat(report.count(Outcome.Status.FAILED)).isEqualTo(20);
    assertThat(server.hits("/dead-street-mirror-0.jpg")).isZero();
    // a second run with only failures around it leaves photo 30 as it was
    FileTime before = Files.getLastModifiedTime(image(30, "jpg"));
    fetcher(16).fetch(rows);
    assertThat(image(30, "jpg")).hasBinaryContent(JPEG_A);
    assertThat(Files.getLastModifiedTime(image(30, "jpg"))).isEqualTo(before);
    assertThat(partFiles()).isEmpty();
  }

  @Test
  void aSecondRunSkipsCompleteImagesAndRedoesBrokenOnes() throws Exception {
    // given: a first run that fetched photos 40 and 41
    server
        .route("/40.jpg", ok(JPEG_A, "image/jpeg"))
        .route("/41.png", ok(PNG, "image/png"))
        .route("/42.jpg", ok(JPEG_B, "image/jpeg"))
        .route("/43.png", ok(PNG, "image/png"))
        .route("/44.jpg", ok(JPEG_A, "image/jpeg"));
    List<PhotoLine> rows =
        List.of(
            row(40, server.url("/40.jpg")),
            row(41, server.url("/41.png")),
            row(42, server.url("/42.jpg")),
            row(43, server.url("/43.png")),
            row(44, server.url("/44.jpg")));
    fetcher().fetch(rows.subList(0, 2));
    FileTime time40 = Files.getLastModifiedTime(image(40, "jpg"));
    FileTime time41 = Files.getLastModifiedTime(image(41, "png"));
    // ... then was killed: 42 left a stale temp file; an older downloader left 43 and 44 cut
    // short, 43 under the wrong extension.
    Files.write(PhotoTask.partFile(out, 42), TestImages.firstHalf(JPEG_B));
    Files.write(Layout.imageFile(out, 43, "jpg"), TestImages.firstHalf(JPEG_A));
    Files.write(Layout.imageFile(out, 44, "jpg"), TestImages.firstHalf(JPEG_A));

    // when
    FetchReport report = fetcher().fetch(rows);

    // then
    JsonNode json = writeAndRead(report);
    assertThat(json.get("skipped_existing").asInt()).isEqualTo(2);
    assertThat(json.get("ok").asInt()).isEqualTo(3);
    assertThat(json.get("failed").asInt()).isZero();
    assertThat(server.hits("/40.jpg")).isEqualTo(1);
    assertThat(server.hits("/41.png")).isEqualTo(1);
    assertThat(Files.getLastModifiedTime(image(40, "jpg"))).isEqualTo(time40);
    assertThat(Files.getLastModifiedTime(image(41, "png"))).isEqualTo(time41);
    assertThat(image(42, "jpg")).hasBinaryContent(JPEG_B);
    assertThat(filesOf(43)).containsExactly(image(43, "png")); // the broken .jpg is gone
    assertThat(image(44, "jpg")).hasBinaryContent(JPEG_A);
    assertThat(partFiles()).isEmpty();
    assertThat(Images.read(image(44, "jpg")).width()).isEqualTo(64);
  }

  @Test
  void aFailedDownloadLeavesAnExistingBrokenFileAndRemovesOnlyItsOwnTempFile() throws Exception {
    // given: photo 50's old file is broken and its URL is now dead; photo 51 is fine
    server.route("/51.jpg", ok(JPEG_A, "image/jpeg"));
    byte[] broken = TestImages.firstHalf(JPEG_B);
    Files.createDirectories(out.resolve(Layout.IMAGES_DIR));
    Files.write(Layout.imageFile(out, 50, "jpg"), broken);
    Files.write(PhotoTask.partFile(out, 50), new byte[] {1, 2, 3});
    Files.write(PhotoTask.partFile(out, 51), new byte[] {4, 5, 6});

    // when
    FetchReport report =
        fetcher().fetch(List.of(row(50, server.url("/50.jpg")), row(51, server.url("/51.jpg"))));

    // then: nothing a failure could not replace is deleted
    assertThat(report.count(Outcome.Status.FAILED)).isEqualTo(1);
    assertThat(Layout.imageFile(out, 50, "jpg")).hasBinaryContent(broken);
    assertThat(image(51, "jpg")).hasBinaryContent(JPEG_A);
    assertThat(partFiles()).isEmpty();
  }

  @Test
  void acceptsWebpByItsContainerSinceTheJdkCannotDecodeIt() throws Exception {
    byte[] webp = TestImages.webp(100);
    server.route("/w", ok(webp, "image/webp"));

    FetchReport report = fetcher().fetch(List.of(row(60, server.url("/w"))));

    assertThat(report.exitCode()).isZero();
    assertThat(image(60, "webp")).hasBinaryContent(webp);
  }

  // --- helpers

  private Fetcher fetcher() {
    return fetcher(4);
  }

  private Fetcher fetcher(int workers) {
    Fetcher.Settings settings =
        new Fetcher.Settings(workers, TIMEOUT, RETRIES, Duration.ofMillis(10));
    return new Fetcher(settings, out, new PrintWriter(progress, true));
  }

  private static PhotoLine row(long id, String uri) {
    return new PhotoLine(id, uri);
  }

  private Path image(long id, String ext) {
    return Layout.imageFile(out, id, ext);
  }

  private List<Path> filesOf(long id) throws IOException {
    String stem = Layout.photoFileStem(id) + ".";
    try (Stream<Path> files = Files.list(out.resolve(Layout.IMAGES_DIR))) {
      return files.filter(p -> p.getFileName().toString().startsWith(stem)).toList();
    }
  }

  private List<Path> partFiles() throws IOException {
    try (Stream<Path> files = Files.list(out.resolve(Layout.IMAGES_DIR))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    }
  }

  private JsonNode writeAndRead(FetchReport report) throws IOException {
    return new ObjectMapper().readTree(report.write(out).toFile());
  }

  private static Map<Long, JsonNode> failuresById(JsonNode json) {
    Map<Long, JsonNode> byId = new HashMap<>();
    json.get("failures").forEach(f -> byId.put(f.get("photo").asLong(), f));
    return byId;
  }

  private static void assertFailure(JsonNode failure, String uri, String reason, int attempts) {
    assertThat(failure.get("uri").asText()).isEqualTo(uri);
    assertThat(failure.get("reason").asText()).isEqualTo(reason);
    assertThat(failure.get("attempts").asInt()).isEqualTo(attempts);
  }

  /** A loopback port nobody listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
