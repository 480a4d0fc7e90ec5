package com.buythatlook.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HitRateCurveTest {

  @Test
  void hitRateAtKCountsRanksBelowK() {
    // given ranks 0, 0, 3, 9, 14, 20 and a miss: seven queries
    HitRateCurve curve = new HitRateCurve(20);
    for (int rank : new int[] {0, 0, 3, 9, 14, 20, Ranking.MISS}) {
      curve.add(rank);
    }

    // then top-1 = 2/7, top-10 = 4/7 (ranks 0,0,3,9), top-15 = 5/7, top-20 = 5/7 (rank 20 is 21st)
    assertThat(curve.queries()).isEqualTo(7);
    assertThat(curve.hitRate(1)).isCloseTo(2 / 7.0, within(1e-12));
    assertThat(curve.hitRate(4)).isCloseTo(3 / 7.0, within(1e-12));
    assertThat(curve.hitRate(10)).isCloseTo(4 / 7.0, within(1e-12));
    assertThat(curve.hitRate(15)).isCloseTo(5 / 7.0, within(1e-12));
    assertThat(curve.hitRate(20)).isCloseTo(5 / 7.0, within(1e-12));
    assertThat(curve.curve()).hasSize(20);
    assertThat(curve.curve()[9]).isCloseTo(4 / 7.0, within(1e-12));
  }

  @Test
  void noQueriesGiveNaNNotZero() {
    HitRateCurve curve = new HitRateCurve(5);

    assertThat(curve.hitRate(1)).isNaN();
    assertThat(curve.curve()).containsOnly(Double.NaN);
  }

  @Test
  void mergePoolsQueries() {
    // Micro average: 1/1 and 0/3 pool to 1/4, not to the mean of 1.0 and 0.0.
    HitRateCurve a = new HitRateCurve(10);
    a.add(0);
    HitRateCurve b = new HitRateCurve(10);
    b.add(Ranking.MISS);
    b.add(Ranking.MISS);
    b.add(12);

    HitRateCurve all = new HitRateCurve(10);
    all.merge(a);
    all.merge(b);

    assertThat(all.queries()).isEqualTo(4);
    assertThat(all.hitRate(1)).isEqualTo(0.25);
    assertThat(all.hitRate(10)).isEqualTo(0.25);
  }
}
