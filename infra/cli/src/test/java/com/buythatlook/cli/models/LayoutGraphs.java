package com.buythatlook.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the ONNX graphs of {@code src/test/python/make_layout_models.py} with the project's Python
 * (PYTHON, else .venv/bin/python above the working directory, else python3), which {@code
 * ./run-tests.sh} sets up with onnx and numpy. Without a Python that has them the tests are skipped
 * with the reason, except under CI ({@code CI=true}), where they fail.
 */
final class LayoutGraphs {
  private LayoutGraphs() {}

  /**
   * @return null when built, else why not (a Python without onnx or numpy, outside CI)
   */
  static String build(Path out) throws IOException, InterruptedException {
    Path script = Path.of("src/test/python/make_layout_models.py").toAbsolutePath();
    assertThat(script).exists();
    String python = python();
    List<String> cmd = new ArrayList<>(List.of(python, script.toString(), out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
    if (p.exitValue() != 0
        && log.contains("ModuleNotFoundError")
        && !"true".equals(System.getenv("CI"))) {
      return python
          + " lacks onnx or numpy ("
          + log.strip().lines().reduce((a, b) -> b).orElse("")
          + "); run ./run-tests.sh once to set up .venv, or set PYTHON";
    }
    assertThat(p.exitValue()).as(log).isZero();
    return null;
  }

  private static String python() {
    String env = System.getenv("PYTHON");
    if (env != null && !env.isBlank()) {
      return env;
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path venv = d.resolve(".venv/bin/python");
      if (Files.isExecutable(venv)) {
        return venv.toString();
      }
    }
    return "python3";
  }
}
