package com.buythatlook.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link ZipSmoke} in a fresh JVM whose classpath is the deployment package and the test
 * classes only, as Lambda's is /var/task: a class, native or log4j plugin that the shade filters
 * dropped by mistake fails here rather than in AWS.
 */
class ZipSmokeIT {

  @Test
  void theZipAloneRunsTheModelAndLogsJson() throws Exception {
    Path zip = Path.of("target/detect.zip").toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx512m",
                    "-cp",
                    zip + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath(),
                    ZipSmoke.class.getName()))
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the smoke run finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("ok ");
    assertThat(out.lines().filter(l -> l.contains("smoke test of the detect zip")))
        .as("one JSON log line from the zip's log4j2.xml: %s", out)
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("{").contains("\"level\":\"INFO\""));
  }
}
