package com.buythatlook.cli.fetch;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people type them on a command line ({@code 20s}, {@code 300ms}) and read them. */
final class Durations {
  private static final Pattern SIMPLE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /**
   * Parses {@code 300ms}, {@code 20s}, {@code 1.5s}, {@code 2m}, {@code 1h}, a bare number of
   * seconds ({@code 20}) or ISO-8601 ({@code PT20S}).
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  static Duration parse(String text) {
    String t = text.strip();
    Duration d;
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      double value = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
      double millis =
          switch (unit) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            default -> value * 3_600_000;
          };
      d = Duration.ofMillis(Math.round(millis));
    } else {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration; write it like 300ms, 20s, 1.5s or 2m");
      }
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is negative");
    }
    return d;
  }

  /** {@code 20 s}, {@code 300 ms}, {@code 1.5 s}, {@code 2 min}: for messages and the report. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + " min";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + " s";
    }
    return String.format(Locale.ROOT, "%.1f s", ms / 1_000.0);
  }

  /** Lets picocli options take {@link Duration}s in the forms {@link #parse} accepts. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
