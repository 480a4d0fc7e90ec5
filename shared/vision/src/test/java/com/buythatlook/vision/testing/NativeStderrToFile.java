package com.buythatlook.vision.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Sends the test JVM's native stderr (file descriptor 2) to {@code target/native-stderr.log}. The
 * decoder tests feed OpenCV corrupt and hostile files on purpose, and libpng and libjpeg report
 * each one there ("libpng error: IDAT: incorrect header check", "Corrupt JPEG data: …") with
 * fprintf, below anything Surefire's output redirection can catch. What the tests assert is the
 * decoder's answer, so these messages belong in a file beside the reports, not on the console of a
 * green build. Java's own System.err is Surefire's and unaffected.
 */
public final class NativeStderrToFile implements LauncherSessionListener {
  private static final int O_WRONLY = 01;
  private static final int O_CREAT = 0100;
  private static final int O_APPEND = 02000;

  /** The two libc calls needed, through JNA (on the class path with DJL). */
  interface LibC extends Library {
    int open(String path, int flags, int mode);

    int dup2(int from, int to);

    int close(int fd);
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
      return;
    }
    try {
      Path log =
          Path.of(System.getProperty("basedir", "."))
              .resolve("target")
              .resolve("native-stderr.log")
              .toAbsolutePath();
      Files.createDirectories(log.getParent());
      LibC libc = Native.load("c", LibC.class);
      int fd = libc.open(log.toString(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        libc.dup2(fd, 2);
        libc.close(fd);
      }
    } catch (Exception | LinkageError e) {
      // without libc through JNA the messages simply stay on the console
    }
  }
}
