package com.buythatlook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Failures a user can predict end in one sentence that says what to do, exit status 2, and no
 * stack trace: a port in use, a missing folder, a folder where a file belongs, no index yet.
 */
class UserErrorsTest {

  /** What a command printed on stderr, and its exit status. */
  private record Run(int rc, String out, String err) {}

  private static Run btl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Btl.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int rc = cl.execute(args);
    return new Run(rc, out.toString(), err.toString());
  }

  private static void assertOneSentence(Run run, String command) {
    assertThat(run.rc()).as("exit status; stderr: %s", run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines()).as("stderr").hasSize(1);
    assertThat(run.err()).startsWith("btl " + command + ": ")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aBusyPortNamesThePortAndTheFix(@TempDir Path dir) throws IOException {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String port = Integer.toString(busy.getLocalPort());

      for (String command : new String[] {"demo", "serve"}) {
        Run run = btl(command, "--data", dir.toString(), "--port", port);

        assertOneSentence(run, command);
        assertThat(run.err()).contains("port " + port).contains("--port");
      }
      assertThat(dir).as("the demo stopped before making its data folder").isEmptyDirectory();
    }
  }

  @Test
  void serveWithoutAnIndexSaysHowToMakeOne(@TempDir Path dir) {
    Run run = btl("serve", "--data", dir.toString(), "--port", "0");

    assertThat(run.rc()).as("exit status; stderr: %s", run.err()).isEqualTo(2);
    assertThat(run.err()).contains("has no catalog index yet").contains("btl demo --data")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void serveOnAMissingFolderSaysHowToMakeOne(@TempDir Path dir) {
    Run run = btl("serve", "--data", dir.resolve("nope").toString(), "--port", "0");

    assertOneSentence(run, "serve");
    assertThat(run.err()).contains("is not a folder").contains("btl demo");
  }

  @Test
  void lookOnAFolderOrAMissingPhoto(@TempDir Path dir) {
    Run folder = btl("look", dir.toString());
    assertOneSentence(folder, "look");
    assertThat(folder.err()).contains(dir.toString()).contains("is a folder");

    Run missing = btl("look", dir.resolve("gone.jpg").toString());
    assertOneSentence(missing, "look");
    assertThat(missing.err()).contains("gone.jpg");
  }

  @Test
  void fileSystemExceptionsBecomeSentences(@TempDir Path dir) throws IOException {
    // as thrown deep inside a command, wrapped by the code between
    Path file = Files.writeString(dir.resolve("a.txt"), "x");
    assertThat(Btl.fileProblem(new IllegalStateException(new NoSuchFileException("/x/y.json"))))
        .isEqualTo("/x/y.json does not exist");
    assertThat(Btl.fileProblem(new java.io.UncheckedIOException(
        new AccessDeniedException(file.toString())))).contains(file.toString())
        .contains("permission denied");
    assertThat(Btl.fileProblem(new IllegalStateException("a bug"))).isNull();
  }
}
