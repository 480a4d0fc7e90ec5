package com.buythatlook.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesWhatPeopleType() {
    assertThat(Durations.parse("20")).isEqualTo(Duration.ofSeconds(20));
    assertThat(Durations.parse("20s")).isEqualTo(Duration.ofSeconds(20));
    assertThat(Durations.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1_500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse(" 1H ")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("PT20S")).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void rejectsOtherTextWithTheFormsItTakes() {
    assertThatThrownBy(() -> Durations.parse("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'soon' is not a duration; write it like 300ms, 20s, 1.5s or 2m");
    assertThatThrownBy(() -> Durations.parse("PT-5S")).hasMessageContaining("negative");
  }

  @Test
  void printsDurationsTheWayTheReportSaysThem() {
    assertThat(Durations.human(Duration.ofSeconds(20))).isEqualTo("20 s");
    assertThat(Durations.human(Duration.ofMillis(300))).isEqualTo("300 ms");
    assertThat(Durations.human(Duration.ofMillis(1_500))).isEqualTo("1.5 s");
    assertThat(Durations.human(Duration.ofMinutes(2))).isEqualTo("2 min");
  }
}
