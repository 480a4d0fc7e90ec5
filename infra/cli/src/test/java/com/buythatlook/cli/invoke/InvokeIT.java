package com.buythatlook.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.Btl;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.index.IndexManifest;
import com.buythatlook.core.index.IndexPublisher;
import com.buythatlook.core.index.Shard;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.core.testing.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code btl invoke} end to end: the command runs in-process and starts a real function JVM, for
 * test handlers under a small template and for the query function under the repository's
 * template.yaml against moto_server.
 */
class InvokeIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String H = InvokeTestHandlers.class.getName() + "$";
  private static final String BUCKET = "btl-test-images";

  @TempDir static Path dir;
  static Path template;

  @BeforeAll
  static void writeTemplate() throws Exception {
    template = dir.resolve("template.yaml");
    Files.writeString(
        template,
        """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          FunctionTimeout:
            Type: Number
            Default: 30
        Globals:
          Function:
            Runtime: java21
            MemorySize: 256
            Timeout: !Ref FunctionTimeout
            Environment:
              Variables:
                BUCKET: !Sub "${AWS::StackName}-images"
                GREETING: hello
        Resources:
          Echo:
            Type: AWS::Serverless::Function
            Properties:
              Handler: %1$sEcho::handleRequest
              Environment:
                Variables:
                  JAVA_TOOL_OPTIONS: -Dbtl.test=yes
          Throwing:
            Type: AWS::Serverless::Function
            Properties:
              Handler: %1$sThrowing::handleRequest
          Sleeping:
            Type: AWS::Serverless::Function
            Properties:
              Handler: %1$sSleeping::handleRequest
          NeedsBucket:
            Type: AWS::Serverless::Function
            Properties:
              Handler: %1$sNeedsBucket::handleRequest
          Exiting:
            Type: AWS::Serverless::Function
            Properties:
              Handler: %1$sExiting::handleRequest
        """
            .formatted(H));
  }

  record Run(int status, String out, String err, Duration took) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private static Run btl(Map<String, String> shell, String... args) {
    CommandLine cl = Btl.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    ((InvokeCommand) cl.getSubcommands().get("invoke").getCommand()).shellEnvironment = shell;
    List<String> argv = new ArrayList<>(List.of("invoke"));
    argv.addAll(List.of(args));
    long t0 = System.nanoTime();
    int status = cl.execute(argv.toArray(String[]::new));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    return new Run(status, out.toString(), err.toString(), took);
  }

  private static Map<String, String> shell() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", "/nowhere");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL", MOTO.endpoint());
    return env;
  }

  @Test
  void runsTheHandlerInItsOwnJvmWithTheTemplatesEnvironment() throws Exception {
    Path envVars =
        Files.writeString(
            dir.resolve("env.json"),
            "{\"Parameters\": {\"GREETING\": \"hi\"}, \"Echo\": {\"NOT_DECLARED\": \"x\"}}");

    Run r =
        btl(
            shell(),
            "Echo",
            "../../events/http-get-health.json",
            "--template",
            template.toString(),
            "--env-vars",
            envVars.toString());

    assertThat(r.status()).as(r.err()).isZero();
    JsonNode response = r.json();
    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    JsonNode seen = JSON.readTree(response.get("body").asText());
    assertThat(seen.get("path").asText()).isEqualTo("/health");
    assertThat(seen.get("functionName").asText()).isEqualTo("Echo");
    assertThat(seen.get("memory").asInt()).isEqualTo(256);
    assertThat(seen.get("remainingMillis").asInt()).isBetween(20_000, 30_000);
    assertThat(seen.get("maxHeapMb").asInt()).as("-Xmx from MemorySize").isLessThanOrEqualTo(256);
    JsonNode env = seen.get("env");
    assertThat(env.get("GREETING").asText()).isEqualTo("hi");
    assertThat(env.get("BUCKET").asText()).isEqualTo("local-images");
    assertThat(env.get("AWS_ENDPOINT_URL").asText()).isEqualTo(MOTO.endpoint());
    assertThat(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
    assertThat(env.has("HOME")).as("btl's environment does not leak in").isFalse();
    assertThat(env.has("NOT_DECLARED")).isFalse();

    String requestId = seen.get("requestId").asText();
    assertThat(r.err())
        .contains("Picked up JAVA_TOOL_OPTIONS: -Dbtl.test=yes")
        .contains("START RequestId: " + requestId + " Version: $LATEST")
        .contains("echo /health")
        .contains("END RequestId: " + requestId)
        .contains("REPORT RequestId: " + requestId)
        .contains("NOT_DECLARED");
    assertThat(r.err().indexOf("START")).isLessThan(r.err().indexOf("echo /health"));
  }

  @Test
  void aHandlerExceptionIsTheRuntimesErrorJsonAndStatus1() throws Exception {
    InputStream stdin = System.in;
    Run r;
    try {
      byte[] event = "{\"lookId\": \"x\"}".getBytes(StandardCharsets.UTF_8);
      System.setIn(new ByteArrayInputStream(event));
      r = btl(shell(), "Throwing", "--event", "-", "-t", template.toString());
    } finally {
      System.setIn(stdin);
    }

    assertThat(r.status()).as(r.err()).isEqualTo(1);
    JsonNode error = r.json();
    assertThat(List.of(error.fieldNames().next())).containsExactly("errorMessage");
    assertThat(error.get("errorMessage").asText()).isEqualTo("no look \"x\"");
    assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(error.get("stackTrace").get(0).asText())
        .startsWith(H + "Throwing.handleRequest(InvokeTestHandlers.java:");
    assertThat(error.get("stackTrace").toString())
        .doesNotContain("HandlerLoader")
        .doesNotContain("InvokeRuntime");
    assertThat(r.err()).contains("no look \"x\": java.lang.IllegalArgumentException");
  }

  @Test
  void aConstructorFailureIsAnInitErrorWithoutStackTrace() throws Exception {
    Path envVars =
        Files.writeString(dir.resolve("no-bucket.json"), "{\"NeedsBucket\": {\"BUCKET\": \"\"}}");

    Run failed = btl(shell(), "NeedsBucket", "-t", template.toString(), "-n", envVars.toString());
    Run ok = btl(shell(), "NeedsBucket", "-t", template.toString());

    assertThat(failed.status()).isEqualTo(1);
    assertThat(failed.out().strip())
        .isEqualTo(
            "{\"errorMessage\":\"environment variable BUCKET is"
                + " not set\",\"errorType\":\"java.lang.IllegalStateException\"}");
    assertThat(failed.err()).contains("at " + H + "NeedsBucket.<init>");
    assertThat(ok.status()).as(ok.err()).isZero();
    assertThat(ok.out().strip()).isEqualTo("\"local-images\"");
  }

  @Test
  void theTemplatesTimeoutKillsTheFunction() throws Exception {
    Run r =
        btl(
            shell(),
            "Sleeping",
            "-t",
            template.toString(),
            "--parameter-overrides",
            "FunctionTimeout=1");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.json().get("errorType").asText()).isEqualTo("Sandbox.Timedout");
    assertThat(r.json().get("errorMessage").asText()).endsWith("Task timed out after 1.00 seconds");
    assertThat(r.err()).contains("Task timed out after 1.00 seconds").contains("REPORT RequestId");
    assertThat(r.took()).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aFunctionThatExitsIsARuntimeExitError() throws Exception {
    Run r = btl(shell(), "Exiting", "-t", template.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.json().get("errorType").asText()).isEqualTo("Runtime.ExitError");
    assertThat(r.json().get("errorMessage").asText()).endsWith("exit status 3");
  }

  @Test
  void commandLineMistakesAreSentencesAndStatus2() {
    Run noFunction = btl(shell(), "Nope", "-t", template.toString());
    Run noEvent = btl(shell(), "Echo", "missing.json", "-t", template.toString());
    Run noTemplate = btl(shell(), "Echo", "-t", dir.resolve("none.yaml").toString());

    assertThat(noFunction.status()).isEqualTo(2);
    assertThat(noFunction.err()).contains("has no function Nope").contains("Echo, Throwing");
    assertThat(noEvent.status()).isEqualTo(2);
    assertThat(noEvent.err()).contains("no event file missing.json");
    assertThat(noTemplate.status()).isEqualTo(2);
    assertThat(noTemplate.err()).contains("no template");
  }

  @Test
  void theQueryFunctionAnswersTheHealthEventFromTheRepository() throws Exception {
    // given: the bucket with a published index, the table, as `btl index` and the stack make them
    var s3 = MOTO.s3();
    s3.createBucket(b -> b.bucket(BUCKET));
    publishIndex(new S3BlobStore(s3, BUCKET, ""));
    try (var dynamo = MOTO.dynamoDb()) {
      MotoServer.createTable(dynamo, "Looks", "lookId");
    }
    Path envVars =
        Files.writeString(
            dir.resolve("query.json"),
            """
        {"QueryFunction": {"BUCKET": "%s", "LOOKS_TABLE": "Looks"}}
        """
                .formatted(BUCKET));

    // when
    Run r =
        btl(
            shell(),
            "QueryFunction",
            "../../events/http-get-health.json",
            "--template",
            "../../template.yaml",
            "--env-vars",
            envVars.toString());

    // then
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode response = r.json();
    assertThat(response.get("statusCode").asInt()).as(r.out()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.get("body").asText());
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.at("/index/version").asText()).isEqualTo("v-invoke");
    assertThat(r.err()).containsPattern("Picked up JAVA_TOOL_OPTIONS: .*jdk\\.incubator\\.vector");
    Matcher start = Pattern.compile("START RequestId: (\\S+)").matcher(r.err());
    assertThat(start.find()).isTrue();
    assertThat(r.err()).contains("REPORT RequestId: " + start.group(1));
  }

  private static void publishIndex(S3BlobStore store) throws Exception {
    int dim = 4;
    IndexPublisher publisher = new IndexPublisher(store);
    float[] rows = {1, 0, 0, 0, 0, 1, 0, 0};
    IndexManifest.ShardEntry entry =
        publisher.putShard(
            "v-invoke",
            0,
            Shard.of(
                Category.HATS,
                dim,
                rows,
                List.of("1", "2"),
                new float[] {10, 20},
                List.of("Halden", "Norr"),
                true));
    publisher.publish(
        new IndexManifest(
            1,
            "v-invoke",
            "test-embedder",
            "1",
            dim,
            "cosine",
            "float32",
            true,
            "2026-11-26T00:00:00Z",
            List.of(entry)));
  }
}
