package com.buythatlook.vision.hostile;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a failure reason is a sentence for a person (STYLE.md, "Errors"): short, one line, no
 * class names, no stack frames, no exception type.
 */
final class ReadableReason {

  static final int MAX_LENGTH = 300;

  /** {@code java.lang.Foo}, {@code com.buythatlook.x.Y}, {@code org.opencv…}: a class name. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:java|javax|jdk|sun|com|org|ai|nu)\\.[a-z]\\w*\\.");

  private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\(");
  private static final Pattern EXCEPTION = Pattern.compile("\\w+(?:Exception|Error)\\b");

  private ReadableReason() {}

  /** Empty when {@code reason} reads as a sentence, else what is wrong with it. */
  static Optional<String> problem(String reason) {
    if (reason == null || reason.isBlank()) {
      return Optional.of("no reason given");
    }
    if (reason.length() >= MAX_LENGTH) {
      return Optional.of(reason.length() + " characters, the limit is " + MAX_LENGTH);
    }
    if (reason.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("control characters or several lines");
    }
    if (CLASS_NAME.matcher(reason).find()) {
      return Optional.of("a class name");
    }
    if (STACK_FRAME.matcher(reason).find()) {
      return Optional.of("a stack frame");
    }
    if (EXCEPTION.matcher(reason).find()) {
      return Optional.of("an exception type");
    }
    if (reason.strip().split("\\s+").length < 3) {
      return Optional.of("fewer than three words");
    }
    return Optional.empty();
  }
}
