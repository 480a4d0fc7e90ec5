package com.buythatlook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PatternTest {

  @Test
  void everyPatternInksWithinZeroToOne() {
    for (Pattern p : PatternPool.shuffled(new java.util.SplittableRandom(5))) {
      for (int i = 0; i < 500; i++) {
        double u = (i * 0.6180339) % 1;
        double v = (i * 0.3819660) % 1;
        assertThat(p.ink(u, v, 1 / 128.0, 0.5, 0.5)).as(p.descriptor()).isBetween(0.0, 1.0);
      }
    }
  }

  @Test
  void looksTheSameAtEveryResolution() {
    // a product drawn small in a street photo and large in a shop photo has the same pattern
    for (Pattern p : PatternPool.templates()) {
      assertThat(meanInk(p, 64)).as(p.descriptor()).isCloseTo(meanInk(p, 256), within(0.06));
    }
  }

  @Test
  void stripesCoverTheirDuty() {
    Pattern stripes = new Pattern(PatternKind.STRIPES, 0.1, 0, 0.5, 0, 0, "striped");
    assertThat(meanInk(stripes, 200)).isCloseTo(0.5, within(0.02));
  }

  private static double meanInk(Pattern p, int size) {
    double sum = 0;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        sum += p.ink((x + 0.5) / size, (y + 0.5) / size, 1.0 / size, 0.5, 0.5);
      }
    }
    return sum / (size * size);
  }
}
