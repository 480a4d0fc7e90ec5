package com.buythatlook.core.config;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Typed reads of configuration variables (Lambda environment, or the local runtime's settings),
 * with the variable's name in every error so a misconfigured deployment says what to fix. The
 * lookup is a function so tests and the local runtime can pass a map instead of {@code getenv}.
 */
public final class Env {
  /** The variable holding how many days a look is kept before the Looks table's TTL deletes it. */
  public static final String LOOK_TTL_DAYS = "LOOK_TTL_DAYS";

  /** Days a look is kept when {@link #LOOK_TTL_DAYS} is unset. */
  public static final long DEFAULT_LOOK_TTL_DAYS = 30;

  /** At most a hundred years. */
  public static final long MAX_LOOK_TTL_DAYS = 36_500;

  private Env() {}

  /** The process environment. */
  public static UnaryOperator<String> system() {
    return System::getenv;
  }

  /**
   * @throws IllegalStateException when the variable is unset or blank
   */
  public static String required(UnaryOperator<String> env, String name) {
    String v = env.apply(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("environment variable " + name + " is not set");
    }
    return v.strip();
  }

  public static String string(UnaryOperator<String> env, String name, String fallback) {
    String v = env.apply(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  public static long longValue(UnaryOperator<String> env, String name, long fallback) {
    String v = env.apply(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " must be a whole number, got '" + v + "'", e);
    }
  }

  /**
   * A whole number from {@code min} to {@code max}; checked before it becomes a duration or a byte
   * count, which would overflow without naming the variable.
   *
   * @throws IllegalStateException naming the variable when it is malformed or out of range
   */
  public static long bounded(
      UnaryOperator<String> env, String name, long fallback, long min, long max) {
    long v = longValue(env, name, fallback);
    if (v < min || v > max) {
      throw new IllegalStateException(name + " must be from " + min + " to " + max + ", got " + v);
    }
    return v;
  }

  /**
   * {@code LOOK_TTL_DAYS}, the one rule for every function that writes looks: 30 when unset,
   * otherwise from 1 to 36500.
   *
   * @throws IllegalStateException naming the variable when it is malformed or out of range
   */
  public static long lookTtlDays(UnaryOperator<String> env) {
    return bounded(env, LOOK_TTL_DAYS, DEFAULT_LOOK_TTL_DAYS, 1, MAX_LOOK_TTL_DAYS);
  }

  public static double doubleValue(UnaryOperator<String> env, String name, double fallback) {
    String v = env.apply(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.strip());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " must be a number, got '" + v + "'", e);
    }
  }

  public static boolean booleanValue(UnaryOperator<String> env, String name, boolean fallback) {
    String v = env.apply(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on":
        return true;
      case "false", "0", "no", "off":
        return false;
      default:
        throw new IllegalStateException(name + " must be true or false, got '" + v + "'");
    }
  }
}
