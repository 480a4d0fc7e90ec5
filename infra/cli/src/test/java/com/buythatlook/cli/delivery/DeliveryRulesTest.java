package com.buythatlook.cli.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The delivery rules come from the template, and from the one in btl's jar. */
class DeliveryRulesTest {
  private static final String TEMPLATE =
      String.join(
          "\n",
          "Resources:",
          "  DetectFunction:",
          "    Type: AWS::Serverless::Function",
          "    Properties:",
          "      EventInvokeConfig:",
          "        MaximumRetryAttempts: 1",
          "  EmbedFunction:",
          "    Type: AWS::Serverless::Function",
          "    Properties:",
          "      Events:",
          "        Embed:",
          "          Type: SQS",
          "          Properties:",
          "            Queue: !GetAtt Q.Arn",
          "            BatchSize: 4",
          "  Q:",
          "    Type: AWS::SQS::Queue",
          "    Properties:",
          "      VisibilityTimeout: 120",
          "      RedrivePolicy:",
          "        deadLetterTargetArn: !GetAtt D.Arn",
          "        maxReceiveCount: 3",
          "");

  @Test
  void readsTheFourNumbersWhereTheTemplateSetsThem() {
    assertThat(DeliveryRules.parse(TEMPLATE))
        .isEqualTo(new DeliveryRules(1, 4, Duration.ofSeconds(120), 3));
  }

  @Test
  void awsDefaultsFillWhatTheTemplateLeavesOut() {
    String bare =
        TEMPLATE
            .replace(
                "      EventInvokeConfig:\n        MaximumRetryAttempts: 1\n", "      Handler: x\n")
            .replace("            BatchSize: 4\n", "")
            .replace("      VisibilityTimeout: 120\n", "");
    assertThat(DeliveryRules.parse(bare))
        .isEqualTo(new DeliveryRules(2, 10, Duration.ofSeconds(30), 3));
  }

  @Test
  void aQueueWithoutRedrivePolicyIsRefused() {
    String noRedrive = TEMPLATE.substring(0, TEMPLATE.indexOf("      RedrivePolicy:"));
    assertThatThrownBy(() -> DeliveryRules.parse(noRedrive)).hasMessageContaining("RedrivePolicy");
  }

  @Test
  void btlsJarCarriesTheRepositorysTemplate() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("template.yaml"))) {
      root = root.getParent();
    }
    assertThat(DeliveryRules.ofTemplate())
        .isEqualTo(DeliveryRules.parse(Files.readString(root.resolve("template.yaml"))));
  }
}
