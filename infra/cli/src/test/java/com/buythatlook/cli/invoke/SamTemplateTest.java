package com.buythatlook.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.cli.console.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** template.yaml read as sam local reads it: tags, Globals, intrinsics, parameters. */
class SamTemplateTest {
  private static final String TEMPLATE =
      """
      AWSTemplateFormatVersion: 2010-09-09
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Stage:
          Type: String
          Default: dev
        Zones:
          Type: CommaDelimitedList
          Default: "a, b,c"
        NoDefault:
          Type: String
      Conditions:
        IsProd: !Equals [!Ref Stage, prod]
        NotProd: !Not [!Condition IsProd]
      Mappings:
        Sizes:
          dev: {memory: 256}
          prod: {memory: 4096}
      Globals:
        Function:
          Runtime: java21
          Timeout: 30
          MemorySize: 512
          Architectures: [x86_64]
          LoggingConfig:
            LogFormat: JSON
            ApplicationLogLevel: DEBUG
          Environment:
            Variables:
              TABLE: !Ref Table
              SHARED: from-globals
      Resources:
        Table:
          Type: AWS::DynamoDB::Table
        Queue:
          Type: AWS::SQS::Queue
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            FunctionName: btl-fn
            Handler: com.example.Handler::handleRequest
            Timeout: 5
            Environment:
              Variables:
                SHARED: from-function
                NAME: !Sub "${AWS::StackName}-${Stage}-${AWS::AccountId}"
                QUEUE_ARN: !GetAtt Queue.Arn
                QUEUE_URL: !GetAtt Queue.QueueUrl
                MODE: !If [IsProd, fast, safe]
                SAFE: !If [NotProd, "yes", "no"]
                JOINED: !Join [",", [x, !Ref Stage, !Select [1, !Ref Zones]]]
                SPLIT: !Select [0, !Split ["-", !Sub "${Stage}-tail"]]
                MAPPED: !FindInMap [Sizes, !Ref Stage, memory]
                IMPORTED: !ImportValue shared-vpc
                NEEDS_PARAM: !Ref NoDefault
                OPTIONAL: !If [IsProd, set, !Ref AWS::NoValue]
                LITERAL: !Sub "${!NotAVariable}"
                REGION: !Ref AWS::Region
                FLAG: true
                RATIO: 0.75
                DATE: 2026-11-26
                B64: !Base64 hi
        Plain:
          Type: AWS::Lambda::Function
          Properties:
            Handler: com.example.Plain
            Runtime: java17
        Python:
          Type: AWS::Serverless::Function
          Properties:
            Handler: app.handler
            Runtime: python3.12
      """;

  private static SamTemplate template() {
    return SamTemplate.parse(TEMPLATE, "test.yaml");
  }

  @Test
  void mergesGlobalsAndResolvesIntrinsicsAsSamLocalDoes() {
    FunctionConfig fn = template().function("Fn", Map.of(), "eu-west-1");

    assertThat(fn.logicalId()).isEqualTo("Fn");
    assertThat(fn.functionName()).isEqualTo("btl-fn");
    assertThat(fn.handler()).isEqualTo("com.example.Handler::handleRequest");
    assertThat(fn.runtime()).isEqualTo("java21");
    assertThat(fn.timeoutSeconds()).as("the function's own value wins").isEqualTo(5);
    assertThat(fn.memoryMb()).as("from Globals").isEqualTo(512);
    assertThat(fn.architectures()).containsExactly("x86_64");
    assertThat(fn.logFormat()).isEqualTo("JSON");
    assertThat(fn.applicationLogLevel()).isEqualTo("DEBUG");

    Map<String, String> v = fn.variables();
    assertThat(v)
        .containsEntry("TABLE", "Table") // a resource's Ref is its logical id
        .containsEntry("SHARED", "from-function")
        .containsEntry("NAME", "local-dev-123456789012")
        .containsEntry("QUEUE_ARN", "arn:aws:sqs:eu-west-1:123456789012:Queue")
        .containsEntry("MODE", "safe")
        .containsEntry("SAFE", "yes")
        .containsEntry("JOINED", "x,dev,b")
        .containsEntry("SPLIT", "dev")
        .containsEntry("MAPPED", "256")
        .containsEntry("LITERAL", "${NotAVariable}")
        .containsEntry("REGION", "eu-west-1")
        .containsEntry("FLAG", "true")
        .containsEntry("RATIO", "0.75")
        .containsEntry("DATE", "2026-11-26")
        .containsEntry("B64", "aGk=")
        .containsEntry("IMPORTED", "")
        .containsEntry("NEEDS_PARAM", "")
        .containsEntry("QUEUE_URL", "")
        .doesNotContainKey("OPTIONAL");
    assertThat(fn.unresolved()).containsExactlyInAnyOrder("IMPORTED", "NEEDS_PARAM", "QUEUE_URL");
    assertThat(List.copyOf(v.keySet()).subList(0, 2))
        .as("globals' variables first")
        .containsExactly("TABLE", "SHARED");
  }

  @Test
  void parameterOverridesReplaceDefaultsAndPseudoParameters() {
    Map<String, String> overrides =
        ParameterOverrides.parse(
            List.of(
                "ParameterKey=Stage,ParameterValue=prod", "NoDefault='a b' AWS::StackName=btl"));

    FunctionConfig fn = template().function("Fn", overrides, "us-east-1");

    assertThat(fn.variables())
        .containsEntry("MODE", "fast")
        .containsEntry("SAFE", "no")
        .containsEntry("NAME", "btl-prod-123456789012")
        .containsEntry("MAPPED", "4096")
        .containsEntry("NEEDS_PARAM", "a b")
        .containsEntry("OPTIONAL", "set");
  }

  @Test
  void plainLambdaFunctionsTakeNoGlobalsAndLambdaDefaults() {
    FunctionConfig fn = template().function("Plain", Map.of(), "us-east-1");

    assertThat(fn.runtime()).isEqualTo("java17");
    assertThat(fn.memoryMb()).isEqualTo(128);
    assertThat(fn.timeoutSeconds()).isEqualTo(3);
    assertThat(fn.variables()).isEmpty();
    assertThat(fn.logFormat()).isEqualTo("Text");
  }

  @Test
  void findsAFunctionByItsFunctionNameToo() {
    assertThat(template().function("btl-fn", Map.of(), "us-east-1").logicalId()).isEqualTo("Fn");
  }

  @Test
  void explainsMistakes() {
    SamTemplate t = template();
    assertThatThrownBy(() -> t.function("Nope", Map.of(), "us-east-1"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("no function Nope")
        .hasMessageContaining("Fn, Plain, Python");
    assertThatThrownBy(() -> t.function("Python", Map.of(), "us-east-1"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("Java functions only");
    assertThatThrownBy(() -> t.function("Fn", Map.of("Stgae", "x"), "us-east-1"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("Stgae")
        .hasMessageContaining("Stage, Zones, NoDefault");
    assertThatThrownBy(() -> ParameterOverrides.parse(List.of("Stage")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("Name=Value");
    assertThatThrownBy(() -> SamTemplate.parse("a: [", "bad.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("bad.yaml is not valid YAML");
    assertThatThrownBy(() -> SamTemplate.parse("a: 1", "x.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("no Resources");
  }

  @Test
  void readsTheRepositorysTemplate() throws Exception {
    SamTemplate t = SamTemplate.load(Path.of("../../template.yaml"));

    assertThat(t.functionIds()).contains("DetectFunction", "EmbedFunction", "QueryFunction");
    FunctionConfig query = t.function("QueryFunction", Map.of(), "us-east-1");
    assertThat(query.handler())
        .isEqualTo("com.buythatlook.functions.query.QueryHandler::handleRequest");
    assertThat(query.runtime()).startsWith("java");
    assertThat(query.variables())
        .as("Globals' variables merged in, !Sub and !Ref resolved with sam's stand-ins")
        .containsEntry("BUCKET", "local-images-123456789012")
        .containsEntry("LOOKS_TABLE", "LooksTable")
        .containsEntry("INDEX_CACHE_MB", "256")
        .doesNotContainKey("PRODUCTS_TABLE");
    assertThat(query.variables().get("JAVA_TOOL_OPTIONS")).contains("jdk.incubator.vector");
    for (String id : List.of("DetectFunction", "EmbedFunction")) {
      FunctionConfig fn = t.function(id, Map.of(), "us-east-1");
      assertThat(fn.handler()).startsWith("com.buythatlook.functions.");
      assertThat(fn.variables()).containsEntry("BUCKET", "local-images-123456789012");
      assertThat(fn.timeoutSeconds()).isPositive();
    }
    assertThat(
            t.function("DetectFunction", Map.of("AWS::StackName", "btl"), "us-east-1").variables())
        .containsEntry("BUCKET", "btl-images-123456789012");
  }
}
