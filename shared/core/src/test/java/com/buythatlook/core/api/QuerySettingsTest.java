package com.buythatlook.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuerySettingsTest {

  @Test
  void defaults() {
    QuerySettings s = QuerySettings.defaults();
    assertThat(s.maxUploadBytes()).isEqualTo(10_485_760);
    assertThat(s.uploadUrlTtl()).isEqualTo(Duration.ofSeconds(600));
    assertThat(s.imageUrlTtl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(s.lookTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(s.indexRefresh()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.indexCacheBytes()).isEqualTo(256L << 20);
  }

  @Test
  void readsEveryVariable() {
    Map<String, String> env =
        Map.of(
            "MAX_UPLOAD_BYTES",
            "2048",
            "UPLOAD_URL_SECONDS",
            "900",
            "IMAGE_URL_SECONDS",
            " 60 ",
            "LOOK_TTL_DAYS",
            "1",
            "INDEX_REFRESH_SECONDS",
            "0",
            "INDEX_CACHE_MB",
            "64");
    QuerySettings s = QuerySettings.fromEnvironment(env::get);
    assertThat(s)
        .isEqualTo(
            new QuerySettings(
                2048,
                Duration.ofMinutes(15),
                Duration.ofMinutes(1),
                Duration.ofDays(1),
                Duration.ZERO,
                64L << 20));
  }

  @ParameterizedTest
  @CsvSource({
    "UPLOAD_URL_SECONDS, 901",
    "UPLOAD_URL_SECONDS, 0",
    "IMAGE_URL_SECONDS, 3600",
    "IMAGE_URL_SECONDS, ten",
    "MAX_UPLOAD_BYTES, 0",
    "MAX_UPLOAD_BYTES, 6000000000",
    "LOOK_TTL_DAYS, 0",
    "LOOK_TTL_DAYS, 9999999999999999",
    "INDEX_REFRESH_SECONDS, -1",
    "INDEX_CACHE_MB, -5",
    "INDEX_CACHE_MB, 9223372036854775807",
  })
  void aBadValueNamesItsVariable(String name, String value) {
    assertThatThrownBy(() -> QuerySettings.fromEnvironment(Map.of(name, value)::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(name);
  }
}
