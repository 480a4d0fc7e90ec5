package com.buythatlook.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.cli.serve.LocalContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Handlers loaded, fed and answered in-process, as the Lambda Java runtime does it. */
class HandlerLoaderTest {
  private static final String H = InvokeTestHandlers.class.getName() + "$";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] call(String handler, byte[] event) throws Throwable {
    HandlerLoader.Invocable h =
        HandlerLoader.load(handler, HandlerLoaderTest.class.getClassLoader());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    RuntimeLogger logger =
        new RuntimeLogger(new PrintStream(log, true, StandardCharsets.UTF_8), "Text", null);
    return h.invoke(
        event,
        LocalContext.fromLambdaEnvironment(
            System::getenv,
            Intrinsics.ACCOUNT_ID,
            "req-1",
            System.nanoTime() + 3_000_000_000L,
            logger));
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void apiGatewayV2EventsAndResponsesGoThroughTheRuntimesJacksonPath() throws Throwable {
    byte[] event = Files.readAllBytes(Path.of("../../events/http-get-health.json"));

    JsonNode response = JSON.readTree(call(H + "Echo::handleRequest", event));

    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.get("body").asText());
    assertThat(body.get("path").asText()).isEqualTo("/health");
    assertThat(body.get("requestId").asText()).isEqualTo("req-1");
    assertThat(body.get("remainingMillis").asInt()).isBetween(1, 3000);
    assertThat(response.get("headers").get("content-type").asText()).isEqualTo("application/json");
  }

  @Test
  void s3EventsGoThroughTheRuntimesS3Serialiser() throws Throwable {
    byte[] event = Files.readAllBytes(Path.of("../../events/s3-put.json"));

    assertThat(text(call(H + "S3Keys::handleRequest", event)))
        .isEqualTo("[\"uploads/3f0c9a52-8d1e-4c1e-9a51-0d7f2f6b1a10.jpg 2026\"]");
    assertThat(text(call(H + "Silent::handleRequest", event))).isEqualTo("null");
  }

  @Test
  void findsTypesThroughGenericSuperclassesAndLoadsClassOnlyHandlers() throws Throwable {
    byte[] event = "{\"a\": 2, \"b\": 3}".getBytes(StandardCharsets.UTF_8);

    assertThat(text(call(H + "Derived", event))).isEqualTo("5");
    assertThat(text(call(H + "Derived::handleRequest", event))).isEqualTo("5");
    assertThat(text(call(H + "Functions::shout", "\"hey\"".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("\"HEY\"");
  }

  @Test
  void handlerExceptionsAreThrownWithTheRuntimesFramesCutOff() {
    byte[] event = "{\"lookId\": \"x\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> call(H + "Throwing::handleRequest", event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no look \"x\"")
        .satisfies(
            t -> {
              assertThat(t.getStackTrace()[0].getClassName()).isEqualTo(H + "Throwing");
              assertThat(t.getStackTrace())
                  .noneMatch(f -> f.getClassName().startsWith(HandlerLoader.class.getName()));
            });
    assertThatThrownBy(() -> call(H + "Throwing::handleRequest", "{no".getBytes()))
        .hasMessage("An error occurred during JSON parsing");
  }

  @Test
  void loadingFailuresAreInitFaultsWithTheRuntimesMessages() {
    ClassLoader cl = getClass().getClassLoader();
    assertThatThrownBy(() -> HandlerLoader.load("com.example.Missing::handleRequest", cl))
        .isInstanceOfSatisfying(
            HandlerLoader.InitFault.class,
            f -> {
              assertThat(f.errorMessage).isEqualTo("Class not found: com.example.Missing");
              assertThat(f.errorType).isEqualTo("java.lang.ClassNotFoundException");
            });
    assertThatThrownBy(() -> HandlerLoader.load(H + "NeedsBucket::handleRequest", cl))
        .isInstanceOfSatisfying(
            HandlerLoader.InitFault.class,
            f -> {
              assertThat(f.errorMessage).isEqualTo("environment variable BUCKET is not set");
              assertThat(f.errorType).isEqualTo("java.lang.IllegalStateException");
              assertThat(f.reportable()).contains("at " + H + "NeedsBucket.<init>");
            });
    assertThatThrownBy(() -> HandlerLoader.load(H + "Echo::nope", cl))
        .isInstanceOfSatisfying(
            HandlerLoader.InitFault.class,
            f ->
                assertThat(f.errorMessage)
                    .isEqualTo(
                        "No public method named nope with appropriate method signature found on"
                            + " class "
                            + H
                            + "Echo"));
    assertThatThrownBy(() -> HandlerLoader.load("a::b::c", cl))
        .isInstanceOfSatisfying(
            HandlerLoader.InitFault.class,
            f -> assertThat(f.errorMessage).isEqualTo("Invalid handler: `a::b::c'"));
  }

  @Test
  void errorJsonIsTheRuntimes() {
    IllegalStateException e = new IllegalStateException("bad \"thing\"\n<here>");
    e.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("com.example.H", "handleRequest", "H.java", 12)
        });

    assertThat(LambdaErrorJson.of(e))
        .isEqualTo(
            "{\"errorMessage\":\"bad \\\"thing\\\"\\n<here>\","
                + "\"errorType\":\"java.lang.IllegalStateException\","
                + "\"stackTrace\":[\"com.example.H.handleRequest(H.java:12)\"]}");
    assertThat(LambdaErrorJson.of(new NullPointerException()))
        .startsWith("{\"errorMessage\":\"java.lang.NullPointerException\",\"errorType\":");
    assertThat(LambdaErrorJson.of("Class not found: X", "java.lang.ClassNotFoundException", null))
        .isEqualTo(
            "{\"errorMessage\":\"Class not found: X\","
                + "\"errorType\":\"java.lang.ClassNotFoundException\"}");
    assertThat(LambdaErrorJson.timeout("r1", 15))
        .isEqualTo(
            "{\"errorMessage\":\"RequestId: r1"
                + " Error: Task timed out after 15.00 seconds\",\"errorType\":\"Sandbox.Timedout\"}");
  }

  @Test
  void outcomesSurviveTheTripThroughTheirFile() throws Exception {
    Path f = Files.createTempFile("outcome", "");
    try {
      InvokeOutcome o =
          new InvokeOutcome(InvokeOutcome.Status.SUCCESS, "{\"a\":\"\\n\"}\n\nx", 12.5, 3.25, 99);
      o.write(f);
      assertThat(InvokeOutcome.read(f)).isEqualTo(o);
    } finally {
      Files.delete(f);
    }
  }
}
