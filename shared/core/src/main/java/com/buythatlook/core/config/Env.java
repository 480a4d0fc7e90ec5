package com.buythatlook.core.config;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Typed reads of configuration variables (Lambda environment, or the local runtime's settings),
 * with the variable's name in every error so a misconfigured deployment says what to fix. The
 * lookup is a function so tests and the local runtime can pass a map instead of {@code getenv}.
 */
public final class Env {
  private Env() {}

  /** The process environment. */
  public static UnaryOperator<String> system() {
    return System::getenv;
  }

  /** @throws IllegalStateException when the variable is unset or blank */
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
