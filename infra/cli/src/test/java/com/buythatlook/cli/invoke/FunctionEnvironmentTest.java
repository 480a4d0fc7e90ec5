package com.buythatlook.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.cli.console.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The function's environment: sam's precedence, Lambda's variables, btl's AWS_* settings. */
class FunctionEnvironmentTest {
  private static FunctionConfig function() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("BUCKET", "local-images-123456789012");
    vars.put("LOOKS_TABLE", "LooksTable");
    vars.put("QUEUE_URL", "");
    vars.put("MIN_SCORE", "0.75");
    return new FunctionConfig(
        "QueryFunction",
        "QueryFunction",
        "com.example.Handler::handleRequest",
        "java21",
        1024,
        15,
        List.of("x86_64"),
        vars,
        Set.of("QUEUE_URL"),
        "JSON",
        "WARN");
  }

  @Test
  void envVarsFileThenShellThenTemplate() {
    EnvVarsFile file =
        EnvVarsFile.parse(
            """
        {"Parameters": {"BUCKET": "everyone", "LOOKS_TABLE": "everyone", "UNDECLARED": "x"},
         "QueryFunction": {"BUCKET": "mine", "QUEUE_URL": "http://q", "MIN_SCORE": 0.5},
         "DetectFunction": {"LOOKS_TABLE": "not mine"}}
        """,
            "env.json");
    Map<String, String> shell =
        Map.of(
            "MIN_SCORE",
            "0.9",
            "LOOKS_TABLE",
            "from-shell",
            "HOME",
            "/home/me",
            "PATH",
            "/opt/bin:/usr/bin");
    List<String> warnings = new ArrayList<>();

    Map<String, String> env =
        FunctionEnvironment.build(
            function(),
            file.overridesFor(function()),
            shell,
            "eu-west-1",
            Path.of("/work"),
            warnings);

    assertThat(env)
        .containsEntry("BUCKET", "mine") // the function's own section wins
        .containsEntry("LOOKS_TABLE", "everyone") // Parameters beat the shell
        .containsEntry("QUEUE_URL", "http://q")
        .containsEntry("MIN_SCORE", "0.5")
        .doesNotContainKey("UNDECLARED") // sam ignores undeclared names
        .doesNotContainKey("HOME") // btl's environment does not leak in
        .containsEntry("PATH", "/opt/bin:/usr/bin");
    assertThat(warnings).isEmpty();
    assertThat(file.undeclared(function())).isEmpty(); // Parameters serve every function
    assertThat(
            EnvVarsFile.parse("{\"QueryFunction\": {\"BUCKET\": \"b\", \"TYPO\": \"x\"}}", "e")
                .undeclared(function()))
        .containsExactly("TYPO");
  }

  @Test
  void shellValuesBeatTheTemplateForDeclaredNames() {
    List<String> warnings = new ArrayList<>();
    Map<String, String> env =
        FunctionEnvironment.build(
            function(),
            Map.of(),
            Map.of("MIN_SCORE", "0.9"),
            "us-east-1",
            Path.of("/work"),
            warnings);

    assertThat(env)
        .containsEntry("MIN_SCORE", "0.9")
        .containsEntry("BUCKET", "local-images-123456789012")
        .containsEntry("QUEUE_URL", "");
    assertThat(warnings).singleElement().asString().contains("QUEUE_URL").contains("--env-vars");
  }

  @Test
  void setsWhatLambdaSetsAndPassesBtlsAwsSettings() {
    Map<String, String> shell =
        Map.of(
            "AWS_ACCESS_KEY_ID",
            "test",
            "AWS_SECRET_ACCESS_KEY",
            "secret",
            "AWS_ENDPOINT_URL",
            "http://127.0.0.1:5000",
            "AWS_PROFILE",
            "dev",
            "AWS_LAMBDA_FUNCTION_NAME",
            "someone-else",
            "AWS_REGION",
            "ap-south-1");

    Map<String, String> env =
        FunctionEnvironment.build(
            function(), Map.of(), shell, "eu-west-1", Path.of("/work"), new ArrayList<>());

    assertThat(env)
        .containsEntry("AWS_ACCESS_KEY_ID", "test")
        .containsEntry("AWS_SECRET_ACCESS_KEY", "secret")
        .containsEntry("AWS_ENDPOINT_URL", "http://127.0.0.1:5000")
        .containsEntry("AWS_PROFILE", "dev")
        .containsEntry("AWS_REGION", "eu-west-1")
        .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
        .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "QueryFunction")
        .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
        .containsEntry("AWS_LAMBDA_FUNCTION_TIMEOUT", "15")
        .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/QueryFunction")
        .containsEntry("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .containsEntry("AWS_LAMBDA_LOG_LEVEL", "WARN")
        .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21")
        .containsEntry("_HANDLER", "com.example.Handler::handleRequest")
        .containsEntry("LAMBDA_TASK_ROOT", "/work")
        .containsEntry("TZ", ":UTC")
        .containsEntry("AWS_SAM_LOCAL", "true");
    assertThat(env.get("AWS_LAMBDA_LOG_STREAM_NAME"))
        .matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
  }

  @Test
  void envVarsFilesFindFunctionsByNameAndStringifyLikeSam() {
    FunctionConfig named =
        new FunctionConfig(
            "Fn",
            "btl-fn",
            "h",
            "java21",
            128,
            3,
            List.of(),
            Map.of("A", "", "B", "", "C", ""),
            Set.of(),
            "Text",
            null);
    EnvVarsFile file =
        EnvVarsFile.parse(
            "{\"btl-fn\": {\"A\": true, \"B\": null, \"C\": {\"x\": 1}}}", "env.json");

    assertThat(file.overridesFor(named))
        .containsEntry("A", "true")
        .containsEntry("B", "")
        .containsEntry("C", "");
    assertThatThrownBy(() -> EnvVarsFile.parse("{\"Fn\": 3}", "env.json"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("\"Fn\"");
    assertThatThrownBy(() -> EnvVarsFile.parse("{oops", "env.json"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("env.json is not valid JSON");
  }

  @Test
  void warnsAboutModuleOptionsTheJvmRefusesInJavaToolOptions() {
    FunctionConfig fn =
        new FunctionConfig(
            "Q",
            "Q",
            "h",
            "java21",
            128,
            3,
            List.of(),
            Map.of("JAVA_TOOL_OPTIONS", "-Xshare:auto --add-modules jdk.incubator.vector"),
            Set.of(),
            "Text",
            null);
    List<String> warnings = new ArrayList<>();

    FunctionEnvironment.build(fn, Map.of(), Map.of(), "us-east-1", Path.of("/w"), warnings);
    assertThat(warnings).singleElement().asString().contains("--add-modules=jdk.incubator.vector");

    warnings.clear();
    FunctionEnvironment.build(
        fn,
        Map.of("JAVA_TOOL_OPTIONS", "--add-modules=jdk.incubator.vector"),
        Map.of(),
        "us-east-1",
        Path.of("/w"),
        warnings);
    assertThat(warnings).isEmpty();
  }
}
