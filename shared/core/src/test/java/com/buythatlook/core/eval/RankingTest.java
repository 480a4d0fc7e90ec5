package com.buythatlook.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RankingTest {

  @Test
  void rankIsTheNumberOfWrongItemsAboveTheBestRightOne() {
    // sorted: 0.9 (wrong), 0.8 (right), 0.7 (right), 0.1 (wrong) → first hit at rank 1
    float[] scores = {0.1f, 0.7f, 0.9f, 0.8f};
    boolean[] relevant = {false, true, false, true};

    assertThat(Ranking.firstHit(scores, relevant)).isEqualTo(1);
  }

  @Test
  void topScoringRelevantItemIsRankZero() {
    assertThat(
            Ranking.firstHit(new float[] {0.2f, 0.95f, 0.5f}, new boolean[] {false, true, false}))
        .isZero();
  }

  @Test
  void tiesWithWrongItemsCountAgainstTheQueryWhateverTheGalleryOrder() {
    // The right item ties with two wrong ones: ranked after both, wherever it sits in the list.
    boolean[] relevantFirst = {true, false, false, false};
    boolean[] relevantLast = {false, false, false, true};
    float[] tiedFirst = {0.5f, 0.5f, 0.5f, 0.1f};
    float[] tiedLast = {0.1f, 0.5f, 0.5f, 0.5f};

    assertThat(Ranking.firstHit(tiedFirst, relevantFirst)).isEqualTo(2);
    assertThat(Ranking.firstHit(tiedLast, relevantLast)).isEqualTo(2);
  }

  @Test
  void aConstantEmbedderNeverHitsBeforeTheEndOfTheGallery() {
    float[] scores = {1f, 1f, 1f, 1f, 1f};
    boolean[] relevant = {true, false, false, false, false};

    assertThat(Ranking.firstHit(scores, relevant)).isEqualTo(4);
  }

  @Test
  void tiesAmongRightItemsDoNotHurt() {
    assertThat(Ranking.firstHit(new float[] {0.5f, 0.5f, 0.2f}, new boolean[] {true, true, false}))
        .isZero();
  }

  @Test
  void noRelevantItemOrEmptyGalleryIsAMiss() {
    assertThat(Ranking.firstHit(new float[] {0.9f, 0.1f}, new boolean[] {false, false}))
        .isEqualTo(Ranking.MISS);
    assertThat(Ranking.firstHit(new float[0], new boolean[0])).isEqualTo(Ranking.MISS);
  }

  @Test
  void nanScoresRankLast() {
    float[] scores = {Float.NaN, 0.3f, Float.NaN};
    boolean[] relevant = {false, true, false};

    assertThat(Ranking.firstHit(scores, relevant)).isZero();
  }

  @Test
  void lengthsMustAgree() {
    assertThatThrownBy(() -> Ranking.firstHit(new float[2], new boolean[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
