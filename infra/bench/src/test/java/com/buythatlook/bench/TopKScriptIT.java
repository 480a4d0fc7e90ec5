package com.buythatlook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke version of infra/bench/topk.sh: the whole script (Java scans, faiss and numpy on the
 * same .npy files, the ratio line) on 4,000 rows instead of 1,000,000. It checks that the script
 * runs end to end and that its figures are well formed, not how fast anything is.
 */
class TopKScriptIT {

  @Test
  void theScriptPrintsEveryFigureAndTheRatioLine(@TempDir Path dir) throws Exception {
    Path repo = Path.of("").toAbsolutePath().getParent().getParent();
    ProcessBuilder pb =
        new ProcessBuilder("bash", "infra/bench/topk.sh", "4000", "72", "3")
            .directory(repo.toFile())
            .redirectErrorStream(true);
    pb.environment().put("BTL_BENCH_DIR", dir.toString());
    pb.environment().put("BTL_BENCH_HEAP", "512m");
    pb.environment().put("BTL_BENCH_ROUNDS", "2"); // the second round reuses the .npy files
    Path log = dir.resolve("topk.log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    boolean finished = p.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    Map<String, Double> figures = new LinkedHashMap<>();
    List<String> lines = out.lines().toList();
    for (String line : lines.subList(0, lines.size() - 1)) {
      if (line.matches("[a-z0-9_]+_ms=[0-9.]+")) {
        String[] kv = line.split("=");
        figures.put(kv[0], Double.parseDouble(kv[1]));
      }
    }
    assertThat(figures)
        .containsKeys(
            "java_stream_read_ms",
            "java_fp32_1q_ms",
            "java_int8_1q_ms",
            "java_fp32_32q_ms",
            "faiss_flat_1q_ms",
            "numpy_1q_ms",
            "faiss_flat_32q_simd_ms",
            "faiss_flat_1q_slice_ms",
            "java_int8_1q_slice_ms");
    assertThat(figures.values()).allMatch(v -> v > 0);
    assertThat(out)
        .containsPattern("kernels=vector-api\\((128|256|512)-bit\\)")
        .contains("recall_int8_at6=1.0000", "# round 2/2", "# medians");

    Map<String, Double> ratios = new LinkedHashMap<>();
    for (String pair : lines.get(lines.size() - 1).split(" ")) {
      String[] kv = pair.split("=");
      ratios.put(kv[0], Double.parseDouble(kv[1]));
    }
    assertThat(ratios)
        .containsKeys(
            "fp32_vs_faiss",
            "fp32_vs_numpy",
            "int8_vs_faiss",
            "q32_vs_faiss_simd",
            "slice_fp32_vs_faiss",
            "read_floor_vs_numpy")
        .containsEntry("int8_recall_at6", 1.0);
    assertThat(ratios.values()).allMatch(v -> v > 0);
    // both halves scanned the same bytes: the .npy the Java half wrote is what Python read
    assertThat(Files.size(dir.resolve("rows.npy"))).isEqualTo(128 + 4000L * 72 * 4);
  }
}
