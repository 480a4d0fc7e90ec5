package com.buythatlook.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

  @Test
  void repeatedParametersKeepEveryValueInOrder() {
    assertThat(ApiRequest.parseQuery("brand=A&k=3&brand=B%2C%20C&brand="))
        .containsExactly(
            Map.entry("brand", List.of("A", "B, C", "")), Map.entry("k", List.of("3")));
  }

  @Test
  void queryDecodingIsTheFormEncodingBrowsersUse() {
    assertThat(ApiRequest.parseQuery("q=a+b%2Bc&flag&=x&&empty="))
        .containsExactly(
            Map.entry("q", List.of("a b+c")),
            Map.entry("flag", List.of("")),
            Map.entry("", List.of("x")),
            Map.entry("empty", List.of("")));
    assertThat(ApiRequest.parseQuery(null)).isEmpty();
    assertThat(ApiRequest.parseQuery("")).isEmpty();
  }

  @Test
  void malformedEscapesAreKeptAndInvalidUtf8IsReplacedInsteadOfThrowing() {
    assertThat(ApiRequest.decode("100%", true)).isEqualTo("100%");
    assertThat(ApiRequest.decode("%zz%4", true)).isEqualTo("%zz%4");
    assertThat(ApiRequest.decode("%FF%C3%A9", true)).isEqualTo("\uFFFDé");
    assertThat(ApiRequest.decode("a+b", false)).as("'+' is literal in paths").isEqualTo("a+b");
    assertThat(ApiRequest.decode("%D9%A3", true)).isEqualTo("٣");
  }

  @Test
  void headerNamesAreCaseInsensitiveAndMissingPartsAreEmpty() {
    ApiRequest r =
        new ApiRequest("GET", null, null, Map.of("Content-Type", "application/json"), null);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(r.header("CONTENT-TYPE")).isEqualTo("application/json");
    assertThat(r.headers()).containsOnlyKeys("content-type");
    assertThat(r.path()).isEqualTo("/");
    assertThat(r.query()).isEmpty();
    assertThat(r.body()).isEmpty();
  }

  @Test
  void getSplitsPathAndQuery() {
    ApiRequest r = ApiRequest.get("/looks/x?k=2&brand=a");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/looks/x");
    assertThat(r.query()).containsEntry("k", List.of("2")).containsEntry("brand", List.of("a"));
  }
}
