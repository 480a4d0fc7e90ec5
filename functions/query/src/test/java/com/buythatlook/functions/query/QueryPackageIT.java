package com.buythatlook.functions.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployment package as built by {@code package}: small, free of the ML libraries, and logging
 * JSON lines. Runs in {@code verify}, after the zip exists.
 */
class QueryPackageIT {
  /** The budget: a cold start reads the whole zip; today it is about 19.6 MB. */
  static final long MAX_ZIP_BYTES = 20L * 1024 * 1024;

  private static final Path ZIP = Path.of("target", "query.zip");
  private static final List<String> FORBIDDEN =
      List.of(
          "ai/djl/",
          "ai/onnxruntime/",
          "org/opencv/",
          "nu/pattern/",
          "com/buythatlook/vision/",
          "com/buythatlook/cli/",
          "com/buythatlook/functions/detect/",
          "com/buythatlook/functions/embed/");

  @Test
  void theZipStaysUnderItsBudgetAndHoldsNoMlLibraries() throws Exception {
    assertThat(ZIP).as("run 'mvn package' first").exists();
    assertThat(Files.size(ZIP)).as("bytes of %s", ZIP).isLessThanOrEqualTo(MAX_ZIP_BYTES);
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      List<String> names = zip.stream().map(ZipEntry::getName).toList();
      assertThat(names).noneMatch(n -> FORBIDDEN.stream().anyMatch(n::startsWith));
      assertThat(names)
          .contains(
              "com/buythatlook/functions/query/QueryHandler.class",
              "com/buythatlook/core/api/LookApi.class",
              "log4j2.xml",
              "LambdaJsonLayout.json",
              "web/index.html",
              "web/app.js",
              "web/style.css");
    }
  }

  @Test
  void logLinesFromTheZipAreJsonAndCarryTheLookId() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = ZIP + File.pathSeparator + Path.of("target", "test-classes");
    Process p =
        new ProcessBuilder(java, "-cp", classpath, LogLineProbe.class.getName(), "look-1234")
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines()).as(out).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(out);
    assertThat(line.get("message").asText()).isEqualTo("probe line");
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("lookId").asText()).isEqualTo("look-1234");
    assertThat(line.has("timestamp")).isTrue();
  }
}
