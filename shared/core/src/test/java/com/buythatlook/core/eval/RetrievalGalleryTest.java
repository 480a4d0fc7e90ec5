package com.buythatlook.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetrievalGalleryTest {

  private static final float S = (float) Math.sqrt(0.5);

  @Test
  void ranksByCosineSimilarity() {
    // given three products on unit vectors; product 7 has two shop photos
    long[] products = {5, 7, 9, 7};
    float[][] vectors = {{1, 0}, {0, 1}, {S, S}, {-1, 0}};
    RetrievalGallery gallery = new RetrievalGallery(products, vectors);

    // when the query is close to product 5's photo
    float[] query = {1, 0};

    // then: 5 is first; 9 (cos 0.71) comes before 7's best photo (cos 0)
    assertThat(gallery.firstHitRank(query, 5)).isZero();
    assertThat(gallery.firstHitRank(query, 9)).isEqualTo(1);
    assertThat(gallery.firstHitRank(query, 7)).isEqualTo(2);
    assertThat(gallery.firstHitRank(query, 42)).isEqualTo(Ranking.MISS);
    assertThat(gallery.similarities(query)).containsExactly(1f, 0f, S, -1f);
  }

  @Test
  void emptyGalleryMissesEverything() {
    RetrievalGallery gallery = new RetrievalGallery(new long[0], new float[0][]);

    assertThat(gallery.size()).isZero();
    assertThat(gallery.firstHitRank(new float[] {1, 0}, 5)).isEqualTo(Ranking.MISS);
  }
}
