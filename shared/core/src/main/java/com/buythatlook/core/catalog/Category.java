package com.buythatlook.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The eleven street2shop product categories; the wire name is the lower-case plural. */
public enum Category {
  BAGS,
  BELTS,
  DRESSES,
  EYEWEAR,
  FOOTWEAR,
  HATS,
  LEGGINGS,
  OUTERWEAR,
  PANTS,
  SKIRTS,
  TOPS;

  /** The name used in file names, JSON and the API, e.g. {@code "tops"}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; the error lists the accepted names. */
  @JsonCreator
  public static Category fromWireName(String name) {
    for (Category c : values()) {
      if (c.wireName().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown category '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(Category::wireName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return wireName();
  }
}
