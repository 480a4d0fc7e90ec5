package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which kernels a JVM gets, and what it is told when it gets the slow ones. */
class KernelChoiceTest {

  /** Run in a child JVM: prints the kernels chosen, asking twice. */
  public static void main(String[] args) {
    System.out.println(Kernels.best().name() + " " + Kernels.best().name());
  }

  private static String[] run(String... jvmArgs) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    cmd.addAll(List.of(jvmArgs));
    cmd.addAll(
        List.of("-cp", System.getProperty("java.class.path"), KernelChoiceTest.class.getName()));
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    return new String[] {out.strip(), err};
  }

  @Test
  void withoutTheVectorModuleTheScanIsScalarAndOneWarningNamesTheFlag() throws Exception {
    String[] r = run();

    assertThat(r[0]).isEqualTo("scalar scalar");
    assertThat(r[1].split("--add-modules jdk.incubator.vector", -1)).hasSize(2);
    assertThat(r[1]).contains("WARN").contains("scalar kernels");
  }

  @Test
  void withTheModuleTheKernelsUseThePreferredVectorSize() throws Exception {
    String[] r = run("--add-modules", "jdk.incubator.vector");

    int bits = Integer.parseInt(r[0].replaceAll("^vector-api\\((\\d+)-bit\\).*", "$1"));
    assertThat(bits).isGreaterThanOrEqualTo(128);
    assertThat(r[1]).contains("index scan: vector-api(" + bits + "-bit) kernels");
  }

  @Test
  void aPreferredSizeCappedUnder128BitsIsRefused() throws Exception {
    // -XX:MaxVectorSize=8 makes the preferred shape 64 bits: emulated vectors, slower than scalar
    String[] r = run("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=8");

    assertThat(r[0]).isEqualTo("scalar scalar");
    assertThat(r[1]).contains("64 bits, under the 128");
  }
}
