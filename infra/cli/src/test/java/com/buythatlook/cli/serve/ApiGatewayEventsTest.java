package com.buythatlook.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API Gateway payload v2 events the local web server builds. */
class ApiGatewayEventsTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:15:34.907Z");

  @Test
  void aGetBecomesTheEventApiGatewaySends() {
    APIGatewayV2HTTPEvent e =
        ApiGatewayEvents.request(
            "GET",
            "/looks/3f0c9a52-8d1e",
            "k=6&brand=Halden&brand=Nord%20Wear",
            Map.of(
                "Host", List.of("127.0.0.1:8080"),
                "Accept", List.of("application/json"),
                "X-Many", List.of("a", "b"),
                "Cookie", List.of("a=1; b=2")),
            new byte[0],
            "127.0.0.1",
            NOW);

    assertThat(e.getVersion()).isEqualTo("2.0");
    assertThat(e.getRouteKey()).isEqualTo("GET /looks/{id}");
    assertThat(e.getRawPath()).isEqualTo("/looks/3f0c9a52-8d1e");
    assertThat(e.getRawQueryString()).isEqualTo("k=6&brand=Halden&brand=Nord%20Wear");
    assertThat(e.getQueryStringParameters())
        .containsEntry("k", "6")
        .containsEntry("brand", "Halden,Nord Wear");
    assertThat(e.getPathParameters()).containsExactly(Map.entry("id", "3f0c9a52-8d1e"));
    assertThat(e.getHeaders())
        .containsEntry("host", "127.0.0.1:8080")
        .containsEntry("accept", "application/json")
        .containsEntry("x-many", "a,b")
        .doesNotContainKey("cookie");
    assertThat(e.getCookies()).containsExactly("a=1", "b=2");
    assertThat(e.getBody()).isNull();
    assertThat(e.getIsBase64Encoded()).isFalse();
    var ctx = e.getRequestContext();
    assertThat(ctx.getHttp().getMethod()).isEqualTo("GET");
    assertThat(ctx.getHttp().getPath()).isEqualTo("/looks/3f0c9a52-8d1e");
    assertThat(ctx.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
    assertThat(ctx.getRouteKey()).isEqualTo("GET /looks/{id}");
    assertThat(ctx.getStage()).isEqualTo("$default");
    assertThat(ctx.getTimeEpoch()).isEqualTo(NOW.toEpochMilli());
    assertThat(ctx.getTime()).isEqualTo("26/Nov/2026:10:15:34 +0000");
    assertThat(ctx.getRequestId()).isNotBlank();
  }

  @Test
  void aJsonBodyIsPassedAsTextAndABinaryOneBase64Encoded() {
    byte[] json = "{\"contentType\":\"image/png\"}".getBytes(StandardCharsets.UTF_8);
    APIGatewayV2HTTPEvent text =
        ApiGatewayEvents.request(
            "POST",
            "/looks",
            null,
            Map.of("Content-Type", List.of("application/json; charset=utf-8")),
            json,
            "127.0.0.1",
            NOW);
    assertThat(text.getRouteKey()).isEqualTo("POST /looks");
    assertThat(text.getBody()).isEqualTo("{\"contentType\":\"image/png\"}");
    assertThat(text.getIsBase64Encoded()).isFalse();
    assertThat(text.getRawQueryString()).isEmpty();
    assertThat(text.getPathParameters()).isNull();

    byte[] bytes = {(byte) 0xff, (byte) 0xd8, 0, 1};
    APIGatewayV2HTTPEvent binary =
        ApiGatewayEvents.request(
            "POST",
            "/looks",
            null,
            Map.of("Content-Type", List.of("image/jpeg")),
            bytes,
            "127.0.0.1",
            NOW);
    assertThat(binary.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(binary.getBody())).isEqualTo(bytes);
  }

  @Test
  void routesMatchTemplateYamlsAndEverythingElseIsTheDefaultRoute() {
    assertThat(ApiGatewayEvents.route("GET", "/products/12%2034/similar"))
        .isEqualTo(new ApiGatewayEvents.Route("GET /products/{id}/similar", Map.of("id", "12 34")));
    assertThat(ApiGatewayEvents.route("GET", "/health").key()).isEqualTo("GET /health");
    assertThat(ApiGatewayEvents.route("POST", "/looks").key()).isEqualTo("POST /looks");
    assertThat(ApiGatewayEvents.route("DELETE", "/looks/abc").key()).isEqualTo("$default");
    assertThat(ApiGatewayEvents.route("GET", "/looks/").key()).isEqualTo("$default");
    assertThat(ApiGatewayEvents.route("GET", "/looks/a/b").key()).isEqualTo("$default");
  }
}
