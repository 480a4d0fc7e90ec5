package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A shard answers its own searches: every path (fp32, int8, several queries) and the filter. */
class ShardSearchTest {
  private static final int DIM = 24;
  private static final int N = 300;

  private final float[] rows = TopKTest.randomRows(new SplittableRandom(4), N, DIM, true);
  private final List<String> ids = IntStream.range(0, N).mapToObj(i -> "p" + i).toList();
  private final float[] prices = new float[N];
  private final List<String> brands =
      IntStream.range(0, N).mapToObj(i -> i % 3 == 0 ? "Norr" : "Vale").toList();

  {
    for (int i = 0; i < N; i++) {
      prices[i] = i % 50;
    }
  }

  /** The ids of the k best rows among those {@code keep} accepts, by the scalar reference. */
  private List<String> reference(float[] q, int k, RowFilter keep) {
    return IntStream.of(TopK.scalar().search(rows, N, DIM, q, k, keep).rows())
        .mapToObj(ids::get)
        .toList();
  }

  @Test
  void everyPathReturnsTheExactTopKWithItsAttributes() {
    Shard fp32 = Shard.of(Category.TOPS, DIM, rows, ids, prices, brands, false);
    Shard int8 = Shard.of(Category.TOPS, DIM, rows, ids, prices, brands, true);
    float[] q = TopKTest.randomRows(new SplittableRandom(5), 1, DIM, true);
    float[] other = TopKTest.randomRows(new SplittableRandom(6), 1, DIM, true);
    List<String> expected = reference(q, 7, RowFilter.none());

    List<Match> one = fp32.search(q, 7, Filter.none());
    assertThat(one).extracting(Match::productId).containsExactlyElementsOf(expected);
    assertThat(int8.search(q, 7, Filter.none()))
        .extracting(Match::productId)
        .containsExactlyElementsOf(expected);
    List<List<Match>> both = int8.search(new float[][] {other, q}, 7, Filter.none());
    assertThat(both.get(1)).extracting(Match::productId).containsExactlyElementsOf(expected);
    assertThat(both.get(0))
        .extracting(Match::productId)
        .containsExactlyElementsOf(reference(other, 7, RowFilter.none()));
    Match best = one.get(0);
    int row = ids.indexOf(best.productId());
    assertThat(best.price()).isEqualTo(prices[row]);
    assertThat(best.brand()).isEqualTo(brands.get(row));
  }

  @Test
  void theFilterTravelsWholeAndIsCompiledAgainstTheShardsColumns() {
    Shard shard = Shard.of(Category.TOPS, DIM, rows, ids, prices, brands, true);
    float[] q = TopKTest.randomRows(new SplittableRandom(7), 1, DIM, true);
    Filter filter = new Filter(10.0, 20.0, Set.of("Norr", "Nobody"));

    List<Match> got = shard.search(q, 5, filter);

    assertThat(got)
        .hasSize(5)
        .allSatisfy(
            m -> {
              assertThat(m.price()).isBetween(10f, 20f);
              assertThat(m.brand()).isEqualTo("Norr");
            });
    assertThat(got)
        .extracting(Match::productId)
        .containsExactlyElementsOf(reference(q, 5, shard.rowFilter(filter)));
    assertThat(shard.search(q, 5, new Filter(null, null, Set.of("Nobody")))).isEmpty();
    assertThat(Filter.none().keepsAll()).isTrue();
    assertThat(filter.keepsAll()).isFalse();
  }
}
