package com.buythatlook.cli.invoke;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the function process hands back to {@code btl invoke}, through a file rather than its
 * stdout, which belongs to the function's logs as it does on Lambda: a few header lines, a blank
 * line, then the response payload exactly as the runtime serialised it.
 *
 * @param status how the invoke ended
 * @param payload the response, or the error JSON
 * @param initMillis JVM start to handler constructed (Lambda's "Init Duration")
 * @param durationMillis the handler call, deserialisation and serialisation included
 * @param maxMemoryMb the process's peak resident memory
 */
record InvokeOutcome(
    Status status, String payload, double initMillis, double durationMillis, long maxMemoryMb) {

  enum Status {
    /** The handler returned; the payload is its serialised response. */
    SUCCESS,
    /** The handler threw; the payload is the runtime's error JSON with a stack trace. */
    FUNCTION_ERROR,
    /** The handler could not be loaded or constructed; the error JSON has no stack trace. */
    INIT_ERROR,
    /** The handler ran past the function's Timeout. */
    TIMEOUT
  }

  void write(Path file) throws IOException {
    String header =
        String.format(
            Locale.ROOT,
            "status=%s%ninitMillis=%.3f%ndurationMillis=%.3f%nmaxMemoryMb=%d%n%n",
            status,
            initMillis,
            durationMillis,
            maxMemoryMb);
    Files.writeString(file, header + payload, StandardCharsets.UTF_8);
  }

  static InvokeOutcome read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int blank = text.indexOf(System.lineSeparator() + System.lineSeparator());
    if (blank < 0) {
      throw new IOException("truncated invoke outcome in " + file);
    }
    Map<String, String> header = new HashMap<>();
    for (String line : text.substring(0, blank).split(System.lineSeparator())) {
      int eq = line.indexOf('=');
      header.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return new InvokeOutcome(
        Status.valueOf(header.get("status")),
        text.substring(blank + 2 * System.lineSeparator().length()),
        Double.parseDouble(header.get("initMillis")),
        Double.parseDouble(header.get("durationMillis")),
        Long.parseLong(header.get("maxMemoryMb")));
  }
}
