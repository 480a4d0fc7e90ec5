package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fan-out merge against a brute-force scan of all rows at once: rows split over several readers
 * at random, each reader scanning only its own rows with the filter, the partial lists merged, and
 * the answer compared with the top-k of one scan over every row.
 */
class TopKMergeTest {
  private static final String[] BRANDS = {"Norr", "Vale", "Atlas", "Mira", "Kobo"};

  private record Row(String id, float[] vector, float price, String brand) {}

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 16})
  void mergedPartialsEqualOneScanOverEveryRow(int readers) {
    SplittableRandom rnd = new SplittableRandom(1000 + readers);
    int dim = 32;
    for (int trial = 0; trial < 40; trial++) {
      int n = 1 + rnd.nextInt(600);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        rows.add(
            new Row(
                String.format("p%05d", rnd.nextInt(100_000)) + "-" + i,
                unit(rnd, dim),
                (float) (rnd.nextInt(20_000) / 100.0),
                BRANDS[rnd.nextInt(5)]));
      }
      float[] q = unit(rnd, dim);
      // scores rounded to 1/64 so that many rows tie and the id order decides
      boolean ties = trial % 2 == 0;
      int k = 1 + rnd.nextInt(30);
      TopKMerge.Filter filter = randomFilter(rnd);
      List<List<Row>> split = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        split.add(new ArrayList<>());
      }
      for (Row row : rows) {
        split.get(rnd.nextInt(readers)).add(row);
      }
      List<List<Match>> partials = new ArrayList<>();
      for (List<Row> part : split) {
        partials.add(scan(part, q, k, filter, ties));
      }
      List<Match> merged = TopKMerge.merge(partials, k, filter);
      List<Match> expected = scan(rows, q, k, filter, ties);
      assertThat(merged).as("trial %d, %d rows, k=%d, %s", trial, n, k, filter).isEqualTo(expected);
      assertThat(merged).allMatch(filter::accepts);
    }
  }

  @Test
  void aProductTwoReadersReturnAppearsOnceWithItsBestScore() {
    List<Match> a = List.of(new Match("x", 0.9f, 10, "Norr"), new Match("y", 0.5f, 10, "Norr"));
    List<Match> b = List.of(new Match("x", 0.8f, 10, "Norr"), new Match("z", 0.7f, 10, "Vale"));
    assertThat(TopKMerge.merge(List.of(a, b), 3, TopKMerge.Filter.NONE))
        .extracting(Match::productId, Match::score)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("x", 0.9f),
            org.assertj.core.groups.Tuple.tuple("z", 0.7f),
            org.assertj.core.groups.Tuple.tuple("y", 0.5f));
  }

  @Test
  void matchesThatFailTheFilterAreDroppedEvenWhenAReaderReturnedThem() {
    List<Match> unfiltered =
        List.of(new Match("cheap", 0.9f, 5, "Norr"), new Match("dear", 0.8f, 500, "Vale"));
    TopKMerge.Filter under100 = new TopKMerge.Filter(null, 100.0, Set.of());
    assertThat(TopKMerge.merge(List.of(unfiltered), 5, under100))
        .extracting(Match::productId)
        .containsExactly("cheap");
    TopKMerge.Filter vale = new TopKMerge.Filter(null, null, Set.of("Vale"));
    assertThat(TopKMerge.merge(List.of(unfiltered), 5, vale))
        .extracting(Match::productId)
        .containsExactly("dear");
  }

  @Test
  void kBelowOneIsRefused() {
    assertThatThrownBy(() -> TopKMerge.merge(List.of(), 0, TopKMerge.Filter.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be");
  }

  /** One reader's exact filtered top-k, by scoring every row (double precision, then float). */
  private static List<Match> scan(
      List<Row> rows, float[] q, int k, TopKMerge.Filter filter, boolean ties) {
    List<Match> out = new ArrayList<>();
    for (Row r : rows) {
      double s = 0;
      for (int i = 0; i < q.length; i++) {
        s += (double) r.vector()[i] * q[i];
      }
      if (ties) {
        s = Math.round(s * 64) / 64.0;
      }
      Match m = new Match(r.id(), (float) s, r.price(), r.brand());
      if (filter.accepts(m)) {
        out.add(m);
      }
    }
    out.sort(TopKMerge.ORDER);
    return out.subList(0, Math.min(k, out.size()));
  }

  private static TopKMerge.Filter randomFilter(SplittableRandom rnd) {
    Double min = rnd.nextInt(3) == 0 ? rnd.nextInt(10_000) / 100.0 : null;
    Double max = rnd.nextInt(3) == 0 ? 50 + rnd.nextInt(15_000) / 100.0 : null;
    Set<String> brands = new java.util.HashSet<>();
    if (rnd.nextInt(3) == 0) {
      brands.add(BRANDS[rnd.nextInt(5)]);
      brands.add(BRANDS[rnd.nextInt(5)]);
    }
    return new TopKMerge.Filter(min, max, brands);
  }

  private static float[] unit(SplittableRandom rnd, int dim) {
    float[] v = new float[dim];
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) (rnd.nextDouble() * 2 - 1);
      norm += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
