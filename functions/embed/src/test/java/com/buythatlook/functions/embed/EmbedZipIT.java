package com.buythatlook.functions.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment package the {@code package} phase wrote ({@code target/embed.zip}, template.yaml's
 * CodeUri): within budget unzipped, with the handler, the default model and the natives Lambda's
 * linux x86-64 needs, and no other platform's. Lambda's limit is 250 MB unzipped for the code and
 * its layers, where Lambda's MB are MiB (262,144,000 bytes); 150 MiB leaves room for a layer (an
 * extension, a larger model).
 */
class EmbedZipIT {
  private static final Path ZIP = Path.of("target/embed.zip");
  private static final long MAX_UNZIPPED_BYTES = 150L << 20;

  /** A native library of any platform: shared objects, DLLs, dylibs, JNI libs, AIX archives. */
  private static final Pattern NATIVE =
      Pattern.compile(".*\\.(so(\\.[0-9.]+)?|dll|dylib|jnilib|a)$");

  /** How the bundled libraries name linux x86-64 (ONNX Runtime, OpenCV, JNA). */
  private static final Pattern LINUX_X64 =
      Pattern.compile(".*/(linux-x64|linux/x86_64|linux-x86-64|linux-amd64)/[^/]+$");

  private static List<ZipEntry> entries;
  private static Set<String> names;

  @BeforeAll
  static void readZip() throws IOException {
    assertThat(ZIP).as("run 'mvn package' first").isRegularFile();
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      entries = zip.stream().map(ZipEntry::new).toList();
    }
    names = entries.stream().map(ZipEntry::getName).collect(Collectors.toSet());
    System.out.printf(
        Locale.ROOT,
        "%s: %.1f MB zipped, %.1f MB unzipped, %d entries%n",
        ZIP,
        Files.size(ZIP) / 1e6,
        unzippedBytes() / 1e6,
        entries.size());
  }

  @Test
  void staysWithinTheUnzippedBudget() {
    assertThat(unzippedBytes())
        .as("sum of the entry sizes of %s (largest: %s)", ZIP, largest())
        .isLessThanOrEqualTo(MAX_UNZIPPED_BYTES);
  }

  @Test
  void holdsTheHandlerAndTheDefaultModelAtTheRoot() {
    assertThat(names)
        .contains(
            "com/buythatlook/functions/embed/EmbedHandler.class",
            "models/embedder/model.json",
            "models/embedder/model.onnx");
    assertThat(names)
        .as("Lambda puts the zip's root on the classpath; nested jars are not read")
        .noneMatch(n -> n.endsWith(".jar"));
  }

  @Test
  void holdsTheLinuxX64NativesOfOnnxRuntimeAndOpenCv() {
    assertThat(names).contains("ai/onnxruntime/native/linux-x64/libonnxruntime.so");
    assertThat(names)
        .anyMatch(n -> n.matches("nu/pattern/opencv/linux/x86_64/libopencv_java\\d+\\.so"));
  }

  @Test
  void holdsNoNativesOfOtherPlatforms() {
    List<String> foreign =
        entries.stream()
            .map(ZipEntry::getName)
            .filter(n -> NATIVE.matcher(n).matches() && !LINUX_X64.matcher(n).matches())
            .sorted()
            .toList();
    assertThat(foreign).as("native libraries Lambda's linux x86-64 never loads").isEmpty();
  }

  private static long unzippedBytes() {
    return entries.stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
  }

  private static String largest() {
    return entries.stream()
        .sorted((a, b) -> Long.compare(b.getSize(), a.getSize()))
        .limit(3)
        .map(e -> String.format(Locale.ROOT, "%s %.1f MB", e.getName(), e.getSize() / 1e6))
        .collect(Collectors.joining(", "));
  }
}
