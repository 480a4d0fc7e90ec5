package com.buythatlook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.Split;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreetSplitsTest {
  private final StreetSplits splits = new StreetSplits(42);

  @Test
  void threeOfEveryTenPhotosAreTestPhotos() {
    for (int block = 0; block < 200; block++) {
      int test = 0;
      for (int i = 0; i < 10; i++) {
        test += splits.split(block * 10L + i) == Split.TEST ? 1 : 0;
      }
      assertThat(test).isEqualTo(3);
    }
  }

  @Test
  void requiredCategoriesCycleWithinEachSplit() {
    Map<Split, Map<Category, Integer>> counts = new EnumMap<>(Split.class);
    Map<Split, Integer> photos = new EnumMap<>(Split.class);
    for (long i = 0; i < 2000; i++) {
      Split s = splits.split(i);
      int rank = photos.merge(s, 1, Integer::sum) - 1;
      assertThat(splits.requiredCategory(i)).isEqualTo(Category.values()[rank % 11]);
      counts
          .computeIfAbsent(s, k -> new EnumMap<>(Category.class))
          .merge(splits.requiredCategory(i), 1, Integer::sum);
    }
    assertThat(counts.get(Split.TEST)).hasSize(11);
    assertThat(counts.get(Split.TRAIN)).hasSize(11);
  }

  @Test
  void dependsOnTheSeed() {
    StreetSplits other = new StreetSplits(43);
    int same = 0;
    for (long i = 0; i < 1000; i++) {
      same += splits.split(i) == other.split(i) ? 1 : 0;
    }
    assertThat(same).isLessThan(1000);
  }
}
