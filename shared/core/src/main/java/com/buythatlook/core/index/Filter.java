package com.buythatlook.core.index;

import java.util.Objects;
import java.util.Set;

/**
 * What a search keeps: a price range and a set of brands, as the request gave them. One object
 * travels unchanged from the request to every shard of a category; each shard compiles it against
 * its own columns ({@link Shard#search}), so a filtered search still returns k matches whenever k
 * products pass.
 *
 * @param minPrice lower price bound (inclusive), or {@code null} for none
 * @param maxPrice upper price bound (inclusive), or {@code null} for none
 * @param brands wanted brand names, matched exactly; empty for any brand
 */
public record Filter(Double minPrice, Double maxPrice, Set<String> brands) {
  private static final Filter NONE = new Filter(null, null, Set.of());

  public Filter {
    brands = Set.copyOf(Objects.requireNonNull(brands, "brands"));
  }

  /** Keeps every product. */
  public static Filter none() {
    return NONE;
  }

  /** Whether this filter keeps every product. */
  public boolean keepsAll() {
    return minPrice == null && maxPrice == null && brands.isEmpty();
  }
}
