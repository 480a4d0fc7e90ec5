package com.buythatlook.core.text;

/**
 * Client or file text made safe to quote in a message or a log line: ISO control characters (line
 * breaks, escapes, NUL, …) shown as {@code '?'}, and cut to a number of code points so a long value
 * cannot flood the message.
 */
public final class Printable {
  /** What {@link #of(String)} keeps: enough to recognise a value in an error message. */
  public static final int DEFAULT_MAX_CODE_POINTS = 40;

  private Printable() {}

  /** {@link #of(String, int)} with {@link #DEFAULT_MAX_CODE_POINTS}. */
  public static String of(String s) {
    return of(s, DEFAULT_MAX_CODE_POINTS);
  }

  /**
   * The first {@code maxCodePoints} code points of {@code s}, control characters replaced by {@code
   * '?'}, followed by {@code "…"} when {@code s} was longer.
   */
  public static String of(String s, int maxCodePoints) {
    String shown = cut(s, maxCodePoints);
    return s.codePointCount(0, s.length()) > maxCodePoints ? shown + "…" : shown;
  }

  /**
   * The first {@code maxCodePoints} code points of {@code s}, control characters replaced by {@code
   * '?'}, with no mark where it was cut.
   */
  public static String cut(String s, int maxCodePoints) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(maxCodePoints)
        .forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
