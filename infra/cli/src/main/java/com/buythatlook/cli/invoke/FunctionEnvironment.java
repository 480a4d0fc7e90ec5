package com.buythatlook.cli.invoke;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a function process starts with. Not btl's own environment: like a Lambda sandbox
 * (and {@code sam local invoke}'s container) it holds only
 *
 * <ol>
 *   <li>what the Java runtime relies on: {@code PATH}, {@code LD_LIBRARY_PATH} when set, and
 *       Lambda's {@code LANG=en_US.UTF-8}, {@code TZ=:UTC};
 *   <li>btl's own {@code AWS_*} variables (credentials, {@code AWS_PROFILE}, {@code
 *       AWS_ENDPOINT_URL*}, …), so the function talks to the same account or local emulator as btl
 *       — sam passes only credentials and region into its container;
 *   <li>the variables Lambda sets: {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code
 *       AWS_LAMBDA_FUNCTION_NAME/VERSION/MEMORY_SIZE}, {@code AWS_LAMBDA_LOG_GROUP_NAME/
 *       LOG_STREAM_NAME}, {@code AWS_EXECUTION_ENV}, {@code _HANDLER}, {@code LAMBDA_TASK_ROOT},
 *       {@code AWS_LAMBDA_INITIALIZATION_TYPE}, {@code AWS_LAMBDA_LOG_FORMAT/LOG_LEVEL} for a JSON
 *       {@code LoggingConfig}; and the ones sam adds: {@code AWS_SAM_LOCAL=true}, {@code
 *       AWS_LAMBDA_FUNCTION_TIMEOUT}, {@code AWS_LAMBDA_FUNCTION_HANDLER};
 *   <li>the function's {@code Environment.Variables}, each with sam's precedence: the {@code
 *       --env-vars} value, else a variable of that name in btl's environment, else the template's
 *       value. Like sam, {@code --env-vars} can only set variables the template declares; others
 *       are ignored ({@link EnvVarsFile#undeclared} names them).
 * </ol>
 */
final class FunctionEnvironment {
  /**
   * The JVM reads JAVA_TOOL_OPTIONS itself and knows these options only in their {@code
   * --name=value} form; the space-separated form is the java launcher's, for the command line.
   */
  private static final Pattern SPACED_MODULE_OPTION =
      Pattern.compile(
          "(^|\\s)(--(?:add-modules"
              + "|add-opens|add-exports|add-reads|patch-module|limit-modules|module-path"
              + "|upgrade-module-path))\\s+(\\S+)");

  private FunctionEnvironment() {}

  /**
   * @param overrides the function's {@code --env-vars} entries
   * @param shell btl's environment
   * @param warnings receives one sentence per surprise worth telling the user
   */
  static Map<String, String> build(
      FunctionConfig fn,
      Map<String, String> overrides,
      Map<String, String> shell,
      String region,
      Path taskRoot,
      List<String> warnings) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", shell.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    if (shell.get("LD_LIBRARY_PATH") != null) {
      env.put("LD_LIBRARY_PATH", shell.get("LD_LIBRARY_PATH"));
    }
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");

    shell.forEach(
        (k, v) -> {
          if (k.startsWith("AWS_") && !k.startsWith("AWS_LAMBDA_")) {
            env.put(k, v);
          }
        });

    env.put("AWS_REGION", region);
    env.put("AWS_DEFAULT_REGION", region);
    env.put("AWS_LAMBDA_FUNCTION_NAME", fn.functionName());
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Integer.toString(fn.timeoutSeconds()));
    env.put("AWS_LAMBDA_FUNCTION_HANDLER", fn.handler());
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + fn.functionName());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName());
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + fn.runtime());
    env.put("_HANDLER", fn.handler());
    env.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().normalize().toString());
    env.put("AWS_SAM_LOCAL", "true");
    if ("JSON".equalsIgnoreCase(fn.logFormat())) {
      env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
      env.put(
          "AWS_LAMBDA_LOG_LEVEL",
          fn.applicationLogLevel() == null ? "INFO" : fn.applicationLogLevel());
    }

    fn.variables()
        .forEach(
            (name, templateValue) -> {
              String value = templateValue;
              boolean replaced = false;
              if (shell.containsKey(name)) {
                value = shell.get(name);
                replaced = true;
              }
              if (overrides.containsKey(name)) {
                value = overrides.get(name);
                replaced = true;
              }
              if (!replaced && fn.unresolved().contains(name)) {
                warnings.add(
                    fn.logicalId()
                        + "'s "
                        + name
                        + " cannot be resolved without deploying the"
                        + " stack, so it is empty (as in sam local invoke); set it with --env-vars");
              }
              env.put(name, value);
            });
    String toolOptions = env.get("JAVA_TOOL_OPTIONS");
    if (toolOptions != null) {
      Matcher m = SPACED_MODULE_OPTION.matcher(toolOptions);
      if (m.find()) {
        warnings.add(
            "JAVA_TOOL_OPTIONS has '"
                + m.group(2)
                + " "
                + m.group(3)
                + "', which the"
                + " JVM refuses there (\"Unrecognized option\"), on Lambda too: write "
                + m.group(2)
                + "="
                + m.group(3));
      }
    }
    return env;
  }

  /** Lambda's format: {@code 2026/11/26/[$LATEST]} and 32 hex digits. */
  private static String logStreamName() {
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
        + "/[$LATEST]"
        + UUID.randomUUID().toString().replace("-", "");
  }
}
