package com.buythatlook.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** How {@link AwsClients} reads its settings; builds clients but sends no request. */
class AwsClientsTest {
  static final StaticCredentialsProvider TEST_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  @Test
  void takesTheRegionFromAwsRegionOrDefaultsToUsEast1() {
    try (AwsClients set = AwsClients.fromSettings(env(Map.of("AWS_REGION", "eu-west-1")), none());
        AwsClients unset = AwsClients.fromSettings(none(), none())) {
      assertThat(set.region()).isEqualTo(Region.EU_WEST_1);
      assertThat(set.dynamoDb().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
      assertThat(unset.region()).isEqualTo(Region.US_EAST_1);
      assertThat(unset.sqs().serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
    }
  }

  @Test
  void usesPathStyleForS3WhenAnEndpointIsConfiguredForIt() {
    assertThat(pathStyle(Map.of(), Map.of())).isFalse();
    assertThat(pathStyle(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"), Map.of())).isTrue();
    assertThat(pathStyle(Map.of("AWS_ENDPOINT_URL_S3", "http://localhost:9000"), Map.of()))
        .isTrue();
    assertThat(pathStyle(Map.of(), Map.of("aws.endpointUrlS3", "http://localhost:9000"))).isTrue();
    assertThat(pathStyle(Map.of(), Map.of("aws.endpointUrl", "http://localhost:4566"))).isTrue();
    // an override for another service leaves S3 on AWS
    assertThat(pathStyle(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000"), Map.of()))
        .isFalse();
    assertThat(pathStyle(Map.of("AWS_ENDPOINT_URL", " "), Map.of())).isFalse();
    // the SDK's switch that turns every configured endpoint off
    assertThat(
            pathStyle(
                Map.of(
                    "AWS_ENDPOINT_URL",
                    "http://localhost:4566",
                    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                    "TRUE"),
                Map.of()))
        .isFalse();
    assertThat(
            pathStyle(
                Map.of("AWS_ENDPOINT_URL_S3", "http://localhost:9000"),
                Map.of("aws.ignoreConfiguredEndpointUrls", "true")))
        .isFalse();
  }

  @Test
  void pointsEveryClientAtAnExplicitEndpoint() {
    URI endpoint = URI.create("http://127.0.0.1:9000");
    try (AwsClients clients = AwsClients.forEndpoint(endpoint, TEST_CREDENTIALS)) {
      assertThat(clients.s3PathStyle()).isTrue();
      assertThat(clients.s3().serviceClientConfiguration().endpointOverride()).contains(endpoint);
      assertThat(clients.dynamoDb().serviceClientConfiguration().endpointOverride())
          .contains(endpoint);
      assertThat(clients.sqs().serviceClientConfiguration().endpointOverride()).contains(endpoint);
      assertThat(clients.region()).isEqualTo(AwsClients.DEFAULT_REGION);
    }
    assertThatThrownBy(() -> AwsClients.forEndpoint(URI.create("localhost:9000"), TEST_CREDENTIALS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://127.0.0.1:9000");
  }

  @Test
  void buildsEachClientOnceAndRefusesUseAfterClose() {
    AwsClients clients =
        AwsClients.forEndpoint(URI.create("http://127.0.0.1:9000"), TEST_CREDENTIALS);

    assertThat(clients.s3()).isSameAs(clients.s3());
    assertThat(clients.s3Presigner()).isSameAs(clients.s3Presigner());
    assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
    assertThat(clients.sqs()).isSameAs(clients.sqs());

    clients.close();
    assertThatThrownBy(clients::s3).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(clients::sqs).isInstanceOf(IllegalStateException.class);
    clients.close(); // twice is harmless
  }

  private static boolean pathStyle(Map<String, String> env, Map<String, String> properties) {
    return AwsClients.s3EndpointConfigured(env(env), env(properties));
  }

  private static Function<String, String> env(Map<String, String> values) {
    return values::get;
  }

  private static Function<String, String> none() {
    return name -> null;
  }
}
