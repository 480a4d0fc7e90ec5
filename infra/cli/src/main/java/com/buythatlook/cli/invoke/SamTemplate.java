package com.buythatlook.cli.invoke;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.delivery.CfnYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A SAM template as {@code sam local invoke} reads it: its Lambda functions ({@code
 * AWS::Serverless::Function} with {@code Globals.Function} merged in, and plain {@code
 * AWS::Lambda::Function}), with intrinsic functions resolved against parameter values.
 */
final class SamTemplate {
  private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
  private static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";

  private final Map<String, Object> root;
  private final String source;

  private SamTemplate(Map<String, Object> root, String source) {
    this.root = root;
    this.source = source;
  }

  static SamTemplate load(Path file) throws IOException {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new UserError(
          "no template "
              + file
              + ": run btl invoke where template.yaml is (the"
              + " repository root) or name it with --template");
    }
  }

  @SuppressWarnings("unchecked")
  static SamTemplate parse(String text, String source) {
    Object root;
    try {
      root = CfnYaml.parse(text);
    } catch (YAMLException e) {
      throw new UserError(source + " is not valid YAML: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> m) || !(m.get("Resources") instanceof Map<?, ?>)) {
      throw new UserError(source + " is not a CloudFormation/SAM template: it has no Resources");
    }
    return new SamTemplate((Map<String, Object>) m, source);
  }

  /** Logical ids of the template's Lambda functions, in template order. */
  List<String> functionIds() {
    List<String> ids = new ArrayList<>();
    Intrinsics.section(root, "Resources")
        .forEach(
            (id, r) -> {
              if (r instanceof Map<?, ?> res && isFunction(res.get("Type"))) {
                ids.add(id);
              }
            });
    return ids;
  }

  /** Names of the template's parameters. */
  Set<String> parameterNames() {
    return new LinkedHashSet<>(Intrinsics.section(root, "Parameters").keySet());
  }

  private static boolean isFunction(Object type) {
    return SERVERLESS_FUNCTION.equals(type) || LAMBDA_FUNCTION.equals(type);
  }

  /**
   * @param id the function's logical id, or its {@code FunctionName}
   * @param parameterOverrides values for template parameters (and pseudo parameters such as {@code
   *     AWS::Region}) that replace their defaults
   * @param region what {@code AWS::Region} stands for
   */
  FunctionConfig function(String id, Map<String, String> parameterOverrides, String region) {
    for (String name : parameterOverrides.keySet()) {
      if (!name.startsWith("AWS::") && !parameterNames().contains(name)) {
        throw new UserError(
            "--parameter-overrides names "
                + name
                + ", which "
                + source
                + " does not declare; its parameters are "
                + String.join(", ", parameterNames()));
      }
    }
    Map<String, Object> resources = Intrinsics.section(root, "Resources");
    String logicalId = findFunction(id, resources);
    Map<?, ?> resource = (Map<?, ?>) resources.get(logicalId);
    Map<?, ?> own = resource.get("Properties") instanceof Map<?, ?> p ? p : Map.of();
    Map<String, Object> props = new LinkedHashMap<>();
    if (SERVERLESS_FUNCTION.equals(resource.get("Type"))
        && Intrinsics.section(root, "Globals").get("Function") instanceof Map<?, ?> globals) {
      props.putAll(SamGlobals.merge(globals, own));
    } else {
      own.forEach((k, v) -> props.put(String.valueOf(k), v));
    }

    Intrinsics intrinsics = new Intrinsics(root, parameterOverrides, region);
    if ("Image".equals(intrinsics.resolve(props.get("PackageType")))) {
      throw new UserError(
          logicalId
              + " is a container image function; btl invoke runs Java zip"
              + " functions only (use sam local invoke for images)");
    }
    String runtime = scalar(intrinsics.resolve(props.get("Runtime")), logicalId, "Runtime");
    if (runtime == null || !runtime.startsWith("java")) {
      throw new UserError(
          logicalId
              + " has Runtime "
              + runtime
              + "; btl invoke runs Java"
              + " functions only (java11, java17, java21, …)");
    }
    String handler = scalar(intrinsics.resolve(props.get("Handler")), logicalId, "Handler");
    if (handler == null || handler.isBlank()) {
      throw new UserError(logicalId + " has no Handler in " + source);
    }
    int memory = number(intrinsics.resolve(props.get("MemorySize")), 128, logicalId, "MemorySize");
    int timeout = number(intrinsics.resolve(props.get("Timeout")), 3, logicalId, "Timeout");
    String name = scalar(intrinsics.resolve(props.get("FunctionName")), logicalId, "FunctionName");

    List<String> architectures = new ArrayList<>();
    if (intrinsics.resolve(props.get("Architectures")) instanceof List<?> archs) {
      archs.forEach(a -> architectures.add(String.valueOf(a)));
    }
    if (architectures.isEmpty()) {
      architectures.add("x86_64");
    }

    Map<String, String> variables = new LinkedHashMap<>();
    Set<String> unresolved = new LinkedHashSet<>();
    if (props.get("Environment") instanceof Map<?, ?> env
        && env.get("Variables") instanceof Map<?, ?> vars) {
      vars.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            Object value = intrinsics.resolve(v);
            if (value == Intrinsics.NO_VALUE) {
              return;
            }
            if (value == null || Intrinsics.isScalar(value)) {
              variables.put(key, value == null ? "" : Intrinsics.text(value));
            } else {
              variables.put(key, ""); // as sam local: an unresolved intrinsic becomes ""
              unresolved.add(key);
            }
          });
    }

    String logFormat = "Text";
    String appLevel = null;
    if (intrinsics.resolve(props.get("LoggingConfig")) instanceof Map<?, ?> logging) {
      if (logging.get("LogFormat") != null) {
        logFormat = String.valueOf(logging.get("LogFormat"));
      }
      if (logging.get("ApplicationLogLevel") != null) {
        appLevel = String.valueOf(logging.get("ApplicationLogLevel"));
      }
    }
    return new FunctionConfig(
        logicalId,
        name == null ? logicalId : name,
        handler.strip(),
        runtime,
        memory,
        timeout,
        List.copyOf(architectures),
        variables,
        unresolved,
        logFormat,
        appLevel);
  }

  private String findFunction(String id, Map<String, Object> resources) {
    if (resources.get(id) instanceof Map<?, ?> r && isFunction(r.get("Type"))) {
      return id;
    }
    for (String candidate : functionIds()) { // sam local invoke also accepts the FunctionName
      Map<?, ?> r = (Map<?, ?>) resources.get(candidate);
      if (r.get("Properties") instanceof Map<?, ?> p && id.equals(p.get("FunctionName"))) {
        return candidate;
      }
    }
    List<String> ids = functionIds();
    throw new UserError(
        source
            + " has no function "
            + id
            + (ids.isEmpty()
                ? "; it defines no Lambda functions"
                : "; its functions are " + String.join(", ", ids)));
  }

  private static String scalar(Object v, String fn, String property) {
    if (v == null) {
      return null;
    }
    if (!Intrinsics.isScalar(v)) {
      throw new UserError(
          fn
              + "'s "
              + property
              + " cannot be resolved locally; give it a plain"
              + " value or a parameter with --parameter-overrides");
    }
    return Intrinsics.text(v);
  }

  private static int number(Object v, int dflt, String fn, String property) {
    String s = scalar(v, fn, property);
    if (s == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(s.strip());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UserError(
          fn + "'s " + property + " must be a positive whole number, got '" + s + "'");
    }
  }

  @Override
  public String toString() {
    return "SamTemplate[" + source + "]";
  }
}
