package com.buythatlook.core.api;

import com.buythatlook.core.index.Filter;
import com.buythatlook.core.text.Printable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query parameters of the two search routes, validated: {@code k}, and {@code minPrice}, {@code
 * maxPrice} and {@code brand} (repeatable) as one {@link Filter} that goes unchanged to every shard
 * searched. Rules, each failure a 400 that names the parameter:
 *
 * <ul>
 *   <li>an empty value counts as not given (an HTML form sends {@code minPrice=} for an empty
 *       field);
 *   <li>{@code k} is a whole number from 1 to {@value #MAX_K}, default {@value #DEFAULT_K};
 *   <li>prices are plain non-negative decimals ({@code 25}, {@code 19.99}): no sign, exponent, hex,
 *       {@code NaN} or {@code Infinity}, and {@code minPrice ≤ maxPrice};
 *   <li>{@code brand} may repeat (any of them matches); a comma is part of a brand's name, not a
 *       separator; at most {@value #MAX_BRANDS} brands of at most {@value #MAX_BRAND_CHARS}
 *       characters, without control characters;
 *   <li>the single-valued parameters may not repeat;
 *   <li>an unknown parameter is ignored (logged at debug level): shared links carry tracking
 *       parameters such as {@code utm_source} and must keep working. Names are case-sensitive, so a
 *       typo such as {@code maxprice} is ignored too; bad values of the known ones are refused.
 * </ul>
 */
record SearchParams(int k, Filter filter) {
  static final int DEFAULT_K = 6;
  static final int MAX_K = 100;
  static final int MAX_BRANDS = 20;
  static final int MAX_BRAND_CHARS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(SearchParams.class);
  private static final Set<String> KNOWN = Set.of("k", "minPrice", "maxPrice", "brand");
  // at most 9 digits, so "huge" numbers fail the pattern instead of overflowing a parse
  private static final Pattern WHOLE = Pattern.compile("[0-9]{1,9}");
  private static final Pattern PRICE = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,6})?");

  static SearchParams parse(Map<String, List<String>> query) {
    for (String name : query.keySet()) {
      if (!KNOWN.contains(name)) {
        // links carry tracking parameters (utm_source, fbclid, …): they must not break a page
        LOG.debug("ignoring unknown query parameter '{}'", Printable.of(name));
      }
    }
    int k = DEFAULT_K;
    String kText = single(query, "k");
    if (kText != null) {
      if (!WHOLE.matcher(kText).matches()
          || Integer.parseInt(kText) < 1
          || Integer.parseInt(kText) > MAX_K) {
        throw ApiException.badRequest(
            "invalid_parameter",
            "k must be a whole number from 1 to " + MAX_K + "; got '" + Printable.of(kText) + "'");
      }
      k = Integer.parseInt(kText);
    }
    Double min = price(query, "minPrice");
    Double max = price(query, "maxPrice");
    if (min != null && max != null && min > max) {
      throw ApiException.badRequest(
          "invalid_parameter",
          "minPrice ("
              + single(query, "minPrice")
              + ") is above maxPrice ("
              + single(query, "maxPrice")
              + "); swap them or leave one out");
    }
    return new SearchParams(
        k, new Filter(min, max, brands(query.getOrDefault("brand", List.of()))));
  }

  /** The one value of a parameter, or {@code null} when absent or empty. */
  private static String single(Map<String, List<String>> query, String name) {
    List<String> values = query.getOrDefault(name, List.of());
    List<String> given = values.stream().filter(v -> !v.isEmpty()).toList();
    if (given.size() > 1) {
      throw ApiException.badRequest(
          "invalid_parameter", name + " is given " + given.size() + " times; give it once");
    }
    return given.isEmpty() ? null : given.get(0);
  }

  private static Double price(Map<String, List<String>> query, String name) {
    String text = single(query, name);
    if (text == null) {
      return null;
    }
    if (!PRICE.matcher(text).matches()) {
      throw ApiException.badRequest(
          "invalid_parameter",
          name
              + " must be a non-negative number such as 25 or 19.99; got '"
              + Printable.of(text)
              + "'");
    }
    return Double.valueOf(text);
  }

  private static Set<String> brands(List<String> values) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      String b = v.strip();
      if (b.isEmpty()) {
        continue;
      }
      if (b.length() > MAX_BRAND_CHARS || b.codePoints().anyMatch(Character::isISOControl)) {
        throw ApiException.badRequest(
            "invalid_parameter",
            "brand must be at most "
                + MAX_BRAND_CHARS
                + " characters without control characters; got '"
                + Printable.of(b)
                + "'");
      }
      out.add(b);
    }
    if (out.size() > MAX_BRANDS) {
      throw ApiException.badRequest(
          "invalid_parameter", "at most " + MAX_BRANDS + " brands can be given; got " + out.size());
    }
    return out;
  }
}
