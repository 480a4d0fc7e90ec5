package com.buythatlook.core.look;

import com.buythatlook.core.text.Printable;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Look ids are what S3 keys are built from, so they are checked before any key is: 8–64 characters
 * of {@code [A-Za-z0-9_-]}. New ids are random UUIDs.
 */
public final class LookIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

  private LookIds() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /**
   * @throws IllegalArgumentException with a message for a person when the id is not valid
   */
  public static String check(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          "a look id is 8 to 64 letters, digits, '-' or '_'; got "
              + (id == null ? "nothing" : "'" + Printable.of(id, 40) + "'"));
    }
    return id;
  }
}
