package com.buythatlook.core.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges partial top-k lists — one per shard reader, e.g. one per parallel invocation when a
 * category's shards are fanned out over several functions (docs/deploy.md, "Past one function's
 * memory") — into the global top-k.
 *
 * <p>The result is exactly the top-k of the union of the readers' rows that pass the filter, when
 * every reader returned the exact top-k of its own rows that pass the same filter (or all of them,
 * when fewer pass): any row of the global top-k is among the k best passing rows of its own reader,
 * so it is in that reader's list. The order is the one {@link IndexSnapshot#search} gives: score
 * descending, then product id ascending, so ties break the same way whatever the number of readers.
 * A product that two readers return (a product kept in two shards while a version is rebuilt)
 * appears once, with its best score.
 *
 * <p>The filter is applied again here, so a reader that ignored it cannot put a product that does
 * not pass into the answer; such a reader's list is then shorter than k passing rows and the result
 * is exact only over what it returned.
 */
public final class TopKMerge {
  /** Score descending, then product id ascending: the order of every search answer. */
  public static final Comparator<Match> ORDER =
      Comparator.comparingDouble((Match m) -> -m.score()).thenComparing(Match::productId);

  private TopKMerge() {}

  /**
   * The filter of a search, as its matches carry the attributes: an inclusive price range (each
   * bound compared in float, as the scan compares the shard's float price column) and a set of
   * brands.
   *
   * @param minPrice lower bound or {@code null}
   * @param maxPrice upper bound or {@code null}
   * @param brands wanted brands; empty or {@code null} for any
   */
  public record Filter(Double minPrice, Double maxPrice, Set<String> brands) {
    /** Passes every match. */
    public static final Filter NONE = new Filter(null, null, Set.of());

    public Filter {
      brands = brands == null ? Set.of() : Set.copyOf(brands);
    }

    public boolean accepts(Match m) {
      float p = m.price();
      if (minPrice != null && !(p >= minPrice.floatValue())) {
        return false;
      }
      if (maxPrice != null && !(p <= maxPrice.floatValue())) {
        return false;
      }
      return brands.isEmpty() || brands.contains(m.brand());
    }
  }

  /**
   * The global top-k of the partial lists.
   *
   * @param partials each reader's top-k (any order; each may be shorter than k)
   * @param k matches wanted, at least 1
   * @param filter the search's filter, which every reader applied in its scan
   * @return at most k matches in {@link #ORDER}
   */
  public static List<Match> merge(
      Collection<? extends List<Match>> partials, int k, Filter filter) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    Map<String, Match> best = new HashMap<>();
    for (List<Match> partial : partials) {
      for (Match m : partial) {
        if (filter.accepts(m)) {
          best.merge(m.productId(), m, (a, b) -> ORDER.compare(a, b) <= 0 ? a : b);
        }
      }
    }
    List<Match> all = new ArrayList<>(best.values());
    all.sort(ORDER);
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }
}
