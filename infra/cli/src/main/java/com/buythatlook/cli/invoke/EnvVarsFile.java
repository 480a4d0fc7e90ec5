package com.buythatlook.cli.invoke;

import com.buythatlook.cli.console.UserError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code --env-vars} file in {@code sam local invoke}'s format:
 *
 * <pre>{@code
 * {
 *   "Parameters":    {"LOG_LEVEL": "DEBUG"},          // every function
 *   "QueryFunction": {"BUCKET": "btl-test-images"}    // one function, by logical id or name
 * }
 * }</pre>
 *
 * A function's own entries win over {@code Parameters}. Values are passed as strings: numbers and
 * booleans as written, null, objects and arrays as the empty string, as sam does.
 */
final class EnvVarsFile {
  private final Map<String, Map<String, String>> sections;

  private EnvVarsFile(Map<String, Map<String, String>> sections) {
    this.sections = sections;
  }

  static EnvVarsFile none() {
    return new EnvVarsFile(Map.of());
  }

  static EnvVarsFile read(Path file) throws IOException {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new UserError("no --env-vars file " + file);
    }
  }

  static EnvVarsFile parse(String json, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new UserError(source + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UserError(
          source
              + " must hold a JSON object such as"
              + " {\"QueryFunction\": {\"BUCKET\": \"my-bucket\"}}");
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> section : root.properties()) {
      if (!section.getValue().isObject()) {
        throw new UserError(
            source
                + ": \""
                + section.getKey()
                + "\" must map variable names to"
                + " values, e.g. {\"BUCKET\": \"my-bucket\"}");
      }
      Map<String, String> vars = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> v : section.getValue().properties()) {
        vars.put(v.getKey(), text(v.getValue()));
      }
      sections.put(section.getKey(), vars);
    }
    return new EnvVarsFile(sections);
  }

  private static String text(JsonNode v) {
    return v.isValueNode() && !v.isNull() ? v.asText() : "";
  }

  /** The overrides for one function: {@code Parameters}, then the function's own section. */
  Map<String, String> overridesFor(FunctionConfig fn) {
    Map<String, String> out = new LinkedHashMap<>(sections.getOrDefault("Parameters", Map.of()));
    out.putAll(own(fn));
    return out;
  }

  /**
   * Names in the function's own section that its template entry does not declare: sam ignores them,
   * which is worth a warning. ({@code Parameters} serves every function, so a name there that one
   * function lacks is normal.)
   */
  List<String> undeclared(FunctionConfig fn) {
    List<String> names = new ArrayList<>();
    for (String name : own(fn).keySet()) {
      if (!fn.variables().containsKey(name)) {
        names.add(name);
      }
    }
    return names;
  }

  private Map<String, String> own(FunctionConfig fn) {
    Map<String, String> own = sections.get(fn.logicalId());
    if (own == null) {
      own = sections.get(fn.functionName());
    }
    return own == null ? Map.of() : own;
  }
}
