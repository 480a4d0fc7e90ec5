package com.buythatlook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures a user can predict end in one sentence that says what to do, exit status 2, and no stack
 * trace: a port in use, a missing folder, a folder where a file belongs, no index yet.
 */
class UserErrorsTest {

  private static BtlRun btl(String... args) {
    return BtlRun.of(args);
  }

  private static void assertOneSentence(BtlRun run, String command) {
    assertThat(run.rc()).as("exit status; stderr: %s", run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines()).as("stderr").hasSize(1);
    assertThat(run.err())
        .startsWith("btl " + command + ": ")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aBusyPortNamesThePortAndTheFix(@TempDir Path dir) throws IOException {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String port = Integer.toString(busy.getLocalPort());

      for (String command : new String[] {"demo", "serve"}) {
        BtlRun run = btl(command, "--data", dir.toString(), "--port", port);

        assertOneSentence(run, command);
        assertThat(run.err()).contains("port " + port).contains("--port");
      }
      assertThat(dir).as("the demo stopped before making its data folder").isEmptyDirectory();
    }
  }

  @Test
  void serveWithoutAnIndexSaysHowToMakeOne(@TempDir Path dir) {
    BtlRun run = btl("serve", "--data", dir.toString(), "--port", "0");

    assertThat(run.rc()).as("exit status; stderr: %s", run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("has no catalog index yet")
        .contains("btl demo --data")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void serveOnAMissingFolderSaysHowToMakeOne(@TempDir Path dir) {
    BtlRun run = btl("serve", "--data", dir.resolve("nope").toString(), "--port", "0");

    assertOneSentence(run, "serve");
    assertThat(run.err()).contains("is not a folder").contains("btl demo");
  }

  @Test
  void lookOnAFolderOrAMissingPhoto(@TempDir Path dir) {
    BtlRun folder = btl("look", dir.toString());
    assertOneSentence(folder, "look");
    assertThat(folder.err()).contains(dir.toString()).contains("is a folder");

    BtlRun missing = btl("look", dir.resolve("gone.jpg").toString());
    assertOneSentence(missing, "look");
    assertThat(missing.err()).contains("gone.jpg");
  }

  @Test
  void fileSystemExceptionsBecomeSentences(@TempDir Path dir) throws IOException {
    // as thrown deep inside a command, wrapped by the code between
    Path file = Files.writeString(dir.resolve("a.txt"), "x");
    assertThat(Btl.fileProblem(new IllegalStateException(new NoSuchFileException("/x/y.json"))))
        .isEqualTo("/x/y.json does not exist");
    assertThat(
            Btl.fileProblem(
                new java.io.UncheckedIOException(new AccessDeniedException(file.toString()))))
        .contains(file.toString())
        .contains("permission denied");
    assertThat(Btl.fileProblem(new IllegalStateException("a bug"))).isNull();
  }
}
