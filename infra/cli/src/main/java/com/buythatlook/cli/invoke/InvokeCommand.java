package com.buythatlook.cli.invoke;

import com.buythatlook.cli.console.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code btl invoke FUNCTION EVENT.json}: {@code sam local invoke} without Docker. */
@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description = {
      "Invokes one function of template.yaml once, as 'sam local invoke' does but without"
          + " Docker: in a JVM of its own, with the handler, environment variables, memory and"
          + " timeout the template gives it (Globals merged in, !Ref/!Sub/!GetAtt resolved as"
          + " sam resolves them locally). The event is read with the Lambda Java runtime's own"
          + " serialisers and the response is printed to stdout as the runtime serialises it;"
          + " the function's log, with START/END/REPORT lines, goes to stderr.",
      "",
      "Environment variables, highest precedence first: --env-vars; a variable of the same name"
          + " in btl's environment; the template. Like sam, --env-vars can only set variables"
          + " the template declares. A !Ref to a resource stands for its logical id (as in sam),"
          + " a !GetAtt …Arn for an ARN made from it; so point BUCKET, LOOKS_TABLE and the like"
          + " at real or emulated resources with --env-vars. btl's own AWS_* variables"
          + " (credentials, AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, …) pass through, so the"
          + " function reaches the same account or local emulator as btl.",
      "",
      "Exit status: 0 when the function returned, 1 when it threw, could not be loaded or ran"
          + " past its Timeout (the runtime's error JSON is printed: errorMessage, errorType,"
          + " stackTrace), 2 for a mistake in the command line or the files it names.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  java -jar infra/cli/target/btl.jar invoke QueryFunction \\",
      "      events/http-get-health.json --env-vars env.json",
      "",
      "  with env.json in sam's format (a section per function, \"Parameters\" for all):",
      "    {\"Parameters\": {\"BUCKET\": \"btl-test-images\"},",
      "     \"QueryFunction\": {\"LOOKS_TABLE\": \"Looks\", \"PRODUCTS_TABLE\": \"Products\"}}",
      "",
      "  export AWS_ENDPOINT_URL=http://127.0.0.1:5000   # moto_server, say",
      "  btl invoke DetectFunction events/s3-put.json --env-vars env.json \\",
      "      --parameter-overrides AWS::StackName=btl",
      "  echo '{\"rawPath\": \"/health\"}' | btl invoke QueryFunction --event -",
      "",
      "Unlike sam local invoke, the function runs from btl's classpath, not from the zip"
          + " under CodeUri, and on this machine's architecture."
    })
public final class InvokeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FUNCTION",
      description =
          "the function's logical id in the template (or its FunctionName), e.g."
              + " QueryFunction")
  String function;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "EVENT.json",
      description =
          "the event, as 'sam local invoke -e' takes it; - reads it from stdin;"
              + " without one the event is {}")
  String eventArg;

  @Option(
      names = {"-e", "--event"},
      paramLabel = "FILE",
      description = "the event file (instead of EVENT.json); - for stdin")
  String eventOption;

  @Option(
      names = {"-t", "--template"},
      paramLabel = "FILE",
      defaultValue = "template.yaml",
      description = "the SAM template (default: ${DEFAULT-VALUE} in the current directory)")
  Path template;

  @Option(
      names = {"-n", "--env-vars"},
      paramLabel = "FILE.json",
      description =
          "environment variable values in sam's format: {\"FunctionId\": {\"NAME\":"
              + " \"value\"}, \"Parameters\": {\"NAME\": \"value for every function\"}}")
  Path envVars;

  @Option(
      names = "--parameter-overrides",
      arity = "1..*",
      paramLabel = "NAME=VALUE",
      description =
          "template parameter values, as in sam: Name=Value or"
              + " ParameterKey=Name,ParameterValue=Value (pseudo parameters such as"
              + " AWS::Region too)")
  List<String> parameterOverrides = new ArrayList<>();

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "the function's AWS_REGION, and what the template's AWS::Region pseudo"
              + " parameter stands for (default: btl's AWS_REGION or AWS_DEFAULT_REGION, else"
              + " us-east-1)")
  String region;

  @Option(
      names = "--no-timeout",
      description =
          "let the function run past its Timeout (for a debugger); the context still"
              + " counts down from it")
  boolean noTimeout;

  /** btl's own environment; tests replace it. */
  Map<String, String> shellEnvironment = System.getenv();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (eventArg != null && eventOption != null) {
      throw new UserError("give the event either as EVENT.json or with --event, not both");
    }
    byte[] event = readEvent(eventOption != null ? eventOption : eventArg);
    String awsRegion =
        region != null
            ? region
            : firstSet(
                shellEnvironment.get("AWS_REGION"),
                shellEnvironment.get("AWS_DEFAULT_REGION"),
                "us-east-1");

    SamTemplate sam = SamTemplate.load(template);
    FunctionConfig fn =
        sam.function(function, ParameterOverrides.parse(parameterOverrides), awsRegion);
    EnvVarsFile file = envVars == null ? EnvVarsFile.none() : EnvVarsFile.read(envVars);
    List<String> warnings = new ArrayList<>();
    Path workDir = Path.of("").toAbsolutePath();
    Map<String, String> env =
        FunctionEnvironment.build(
            fn, file.overridesFor(fn), shellEnvironment, awsRegion, workDir, warnings);

    for (String name : file.undeclared(fn)) {
      warnings.add(
          "--env-vars sets "
              + name
              + " for "
              + fn.logicalId()
              + ", whose template entry"
              + " does not declare it: ignored, as sam local invoke ignores it");
    }
    PrintWriter err = spec.commandLine().getErr();
    for (String w : warnings) {
      err.println("btl invoke: " + w);
    }
    err.println(
        "Invoking "
            + fn.handler()
            + " ("
            + fn.runtime()
            + ", "
            + fn.memoryMb()
            + " MB, "
            + fn.timeoutSeconds()
            + " s"
            + (noTimeout ? ", not enforced" : "")
            + ")");
    err.flush();

    String requestId = UUID.randomUUID().toString();
    InvokeOutcome outcome =
        FunctionProcess.run(fn, env, event, requestId, !noTimeout, err, workDir);
    PrintWriter out = spec.commandLine().getOut();
    out.println(outcome.payload());
    out.flush();
    return outcome.status() == InvokeOutcome.Status.SUCCESS ? 0 : 1;
  }

  private static byte[] readEvent(String source) throws IOException {
    if (source == null) {
      return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    if (source.equals("-")) {
      return System.in.readAllBytes();
    }
    try {
      return Files.readAllBytes(Path.of(source));
    } catch (NoSuchFileException e) {
      throw new UserError("no event file " + source);
    }
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
