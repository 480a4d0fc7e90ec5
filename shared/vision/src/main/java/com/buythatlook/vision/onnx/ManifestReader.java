package com.buythatlook.vision.onnx;

import com.buythatlook.core.catalog.Category;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parses {@code model.json} by hand from a JSON tree rather than by data binding, so that every
 * error can say which key was wrong, what it held and what was expected.
 */
final class ManifestReader {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final int SCHEMA = 1;
  private static final int MAX_INPUT_SIDE = 8192;

  private final Path file;

  private ManifestReader(Path file) {
    this.file = file;
  }

  static ModelManifest read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidModelException(
          "model folder "
              + dir
              + " does not exist; a model folder holds model.onnx and"
              + " model.json (see infra/models/README.md)");
    }
    Path file = dir.resolve(ModelManifest.FILE_NAME);
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidModelException(
          "no model.json in "
              + dir
              + "; a model folder holds model.onnx and model.json (see"
              + " infra/models/README.md)");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidModelException(
          file
              + " is not valid JSON: "
              + e.getOriginalMessage()
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidModelException(file + " must hold a JSON object");
    }
    return new ManifestReader(file).manifest(dir, root);
  }

  private ModelManifest manifest(Path dir, JsonNode root) {
    int schema = integer(root, "schema", "the manifest schema version, " + SCHEMA);
    if (schema != SCHEMA) {
      throw invalid("'schema' is " + schema + "; this build reads schema " + SCHEMA);
    }
    String name = text(root, "name", "the model's name");
    String version = text(root, "version", "the model's version");
    Task task = choice(root, "task", Task.values(), Task::wireName);
    String modelFile = root.has("file") ? text(root, "file", "the ONNX file name") : "model.onnx";
    if (modelFile.contains("/") || modelFile.contains("\\") || modelFile.startsWith(".")) {
      throw invalid(
          "'file' is \""
              + modelFile
              + "\"; expected a file name inside the folder,"
              + " such as \"model.onnx\"");
    }
    String sha256 =
        text(root, "sha256", "the SHA-256 of the ONNX file, 64 hex digits")
            .toLowerCase(Locale.ROOT);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw invalid(
          "'sha256' is \"" + sha256 + "\"; expected 64 hex digits (sha256sum " + modelFile + ")");
    }
    ModelInput input = input(object(root, "input"));
    ModelOutput output = output(object(root, "output"), task);

    List<String> classes = List.of();
    Map<String, Category> categoryMap = Map.of();
    int dimension = 0;
    Double nmsIou = null;
    Double minScore = null;
    if (task == Task.DETECTION) {
      classes = classes(root);
      categoryMap = categoryMap(root, classes);
      if (root.has("nmsIou")) {
        double iou = number(root, "nmsIou", "the NMS IoU threshold, in (0, 1]", "nmsIou");
        if (!(iou > 0 && iou <= 1)) {
          throw invalid("'nmsIou' is " + iou + "; expected a number in (0, 1]");
        }
        nmsIou = iou;
      }
      if (root.has("minScore")) {
        double min = number(root, "minScore", "the serving score threshold, in [0, 1]", "minScore");
        if (!(min >= 0 && min <= 1)) {
          throw invalid("'minScore' is " + min + "; expected a number in [0, 1]");
        }
        minScore = min;
      }
    } else {
      dimension = positive(root, "dimension", "the embedding dimension D of the [N, D] output");
    }
    return new ModelManifest(
        dir,
        schema,
        name,
        version,
        task,
        modelFile,
        sha256,
        input,
        output,
        classes,
        categoryMap,
        dimension,
        nmsIou,
        minScore);
  }

  private ModelInput input(JsonNode in) {
    String name = text(in, "input.name", "the ONNX input name", "name");
    int width = positive(in, "input.width", "the input width in pixels", "width");
    int height = positive(in, "input.height", "the input height in pixels", "height");
    if (width > MAX_INPUT_SIDE || height > MAX_INPUT_SIDE) {
      throw invalid(
          "'input.width' × 'input.height' is "
              + width
              + "×"
              + height
              + "; expected at most "
              + MAX_INPUT_SIDE
              + " on a side");
    }
    ColorOrder order =
        choice(in, "input.colorOrder", ColorOrder.values(), Enum::name, "colorOrder");
    String layout = in.has("layout") ? text(in, "input.layout", "\"NCHW\"", "layout") : "NCHW";
    if (!layout.equals("NCHW")) {
      throw invalid("'input.layout' is \"" + layout + "\"; only \"NCHW\" is supported");
    }
    double scale =
        number(in, "input.scale", "a positive number (255 for pixels in [0, 1])", "scale");
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw invalid("'input.scale' is " + scale + "; expected a positive number");
    }
    List<Double> mean = triple(in, "mean", false);
    List<Double> std = triple(in, "std", true);
    ResizeMode resize =
        choice(in, "input.resize", ResizeMode.values(), ResizeMode::wireName, "resize");
    int padValue = 0;
    if (resize == ResizeMode.LETTERBOX || in.has("padValue")) {
      padValue = integer(in, "input.padValue", "the letterbox padding, 0..255", "padValue");
      if (padValue < 0 || padValue > 255) {
        throw invalid("'input.padValue' is " + padValue + "; expected 0..255");
      }
    }
    Interpolation interpolation =
        in.has("interpolation")
            ? choice(
                in,
                "input.interpolation",
                Interpolation.values(),
                Interpolation::wireName,
                "interpolation")
            : Interpolation.AREA;
    return new ModelInput(
        name, width, height, order, layout, scale, mean, std, resize, padValue, interpolation);
  }

  private ModelOutput output(JsonNode out, Task task) {
    OutputFormat format =
        choice(out, "output.format", OutputFormat.values(), OutputFormat::wireName, "format");
    if (format.task() != task) {
      throw invalid(
          "'output.format' is \""
              + format
              + "\" but 'task' is \""
              + task
              + "\"; expected one of "
              + Arrays.stream(OutputFormat.values())
                  .filter(f -> f.task() == task)
                  .map(f -> "\"" + f + "\"")
                  .collect(Collectors.joining(", ")));
    }
    JsonNode names = out.get("names");
    if (names == null || !names.isArray()) {
      throw invalid(
          missingOrWrong(
              names,
              "output.names",
              "an array of ONNX output names: " + format.outputsDescription()));
    }
    List<String> list = new ArrayList<>();
    for (JsonNode n : names) {
      if (!n.isTextual() || n.asText().isBlank()) {
        throw invalid("'output.names' holds " + n + "; expected output names as strings");
      }
      list.add(n.asText());
    }
    if (list.size() < format.minOutputs() || list.size() > format.maxOutputs()) {
      throw invalid(
          "'output.names' lists "
              + list.size()
              + " output(s); format \""
              + format
              + "\" expects "
              + (format.minOutputs() == format.maxOutputs()
                  ? Integer.toString(format.minOutputs())
                  : format.minOutputs() + " or " + format.maxOutputs())
              + ": "
              + format.outputsDescription());
    }
    if (new HashSet<>(list).size() != list.size()) {
      throw invalid("'output.names' lists the same output twice: " + list);
    }
    boolean normalized = false;
    if (out.has("normalized")) {
      JsonNode n = out.get("normalized");
      if (!n.isBoolean()) {
        throw invalid("'output.normalized' is " + n + "; expected true or false");
      }
      normalized = n.asBoolean();
    }
    boolean normalizedBoxes = false;
    if (out.has("normalizedBoxes")) {
      JsonNode n = out.get("normalizedBoxes");
      if (!n.isBoolean()) {
        throw invalid("'output.normalizedBoxes' is " + n + "; expected true or false");
      }
      normalizedBoxes = n.asBoolean();
    }
    return new ModelOutput(format, list, normalized, normalizedBoxes);
  }

  private List<String> classes(JsonNode root) {
    JsonNode node = root.get("classes");
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw invalid(
          missingOrWrong(
              node, "classes", "a non-empty array of detector class names, in class-index order"));
    }
    List<String> classes = new ArrayList<>();
    for (JsonNode c : node) {
      if (!c.isTextual()) {
        throw invalid("'classes' holds " + c + "; expected class names as strings");
      }
      if (classes.contains(c.asText())) {
        throw invalid("'classes' lists \"" + c.asText() + "\" twice");
      }
      classes.add(c.asText());
    }
    return classes;
  }

  private Map<String, Category> categoryMap(JsonNode root, List<String> classes) {
    JsonNode node = root.get("categoryMap");
    if (node == null || !node.isObject()) {
      throw invalid(
          missingOrWrong(
              node,
              "categoryMap",
              "an object mapping detector class names to catalog categories, e.g. {\"top\":"
                  + " \"tops\"}"));
    }
    Map<String, Category> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!classes.contains(e.getKey())) {
        throw invalid(
            "'categoryMap' maps \"" + e.getKey() + "\", which is not in 'classes' " + classes);
      }
      if (!e.getValue().isTextual()) {
        throw invalid(
            "'categoryMap." + e.getKey() + "' is " + e.getValue() + "; expected a category name");
      }
      try {
        map.put(e.getKey(), Category.fromWireName(e.getValue().asText()));
      } catch (IllegalArgumentException bad) {
        throw invalid("'categoryMap." + e.getKey() + "': " + bad.getMessage());
      }
    }
    if (map.isEmpty()) {
      throw invalid(
          "'categoryMap' maps no class to a catalog category, so the detector could"
              + " never find anything");
    }
    return map;
  }

  // ------------------------------------------------------------------ typed getters

  private JsonNode object(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    if (node == null || !node.isObject()) {
      throw invalid(missingOrWrong(node, key, "an object (see infra/models/README.md)"));
    }
    return node;
  }

  private String text(JsonNode parent, String key, String expected) {
    return text(parent, key, expected, key);
  }

  private String text(JsonNode parent, String path, String expected, String key) {
    JsonNode node = parent.get(key);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw invalid(missingOrWrong(node, path, "a string: " + expected));
    }
    return node.asText();
  }

  private int integer(JsonNode parent, String key, String expected) {
    return integer(parent, key, expected, key);
  }

  private int integer(JsonNode parent, String path, String expected, String key) {
    JsonNode node = parent.get(key);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
      throw invalid(missingOrWrong(node, path, "an integer: " + expected));
    }
    return node.asInt();
  }

  private int positive(JsonNode parent, String key, String expected) {
    return positive(parent, key, expected, key);
  }

  private int positive(JsonNode parent, String path, String expected, String key) {
    int value = integer(parent, path, expected, key);
    if (value <= 0) {
      throw invalid("'" + path + "' is " + value + "; expected a positive integer: " + expected);
    }
    return value;
  }

  private double number(JsonNode parent, String path, String expected, String key) {
    JsonNode node = parent.get(key);
    if (node == null || !node.isNumber()) {
      throw invalid(missingOrWrong(node, path, expected));
    }
    return node.asDouble();
  }

  private List<Double> triple(JsonNode in, String key, boolean nonZero) {
    String path = "input." + key;
    JsonNode node = in.get(key);
    String expected = "an array of 3 numbers, one per input channel";
    if (node == null || !node.isArray() || node.size() != 3) {
      throw invalid(missingOrWrong(node, path, expected));
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode v : node) {
      if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
        throw invalid("'" + path + "' is " + node + "; expected " + expected);
      }
      if (nonZero && v.asDouble() == 0) {
        throw invalid("'" + path + "' is " + node + "; a standard deviation cannot be 0");
      }
      values.add(v.asDouble());
    }
    return values;
  }

  private <E> E choice(JsonNode parent, String key, E[] values, Function<E, String> wire) {
    return choice(parent, key, values, wire, key);
  }

  private <E> E choice(
      JsonNode parent, String path, E[] values, Function<E, String> wire, String key) {
    JsonNode node = parent.get(key);
    Set<String> accepted =
        Arrays.stream(values).map(wire).collect(Collectors.toCollection(LinkedHashSet::new));
    String expected =
        "one of " + accepted.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    if (node == null || !node.isTextual()) {
      throw invalid(missingOrWrong(node, path, expected));
    }
    for (E v : values) {
      if (wire.apply(v).equals(node.asText())) {
        return v;
      }
    }
    throw invalid("'" + path + "' is " + node + "; expected " + expected);
  }

  private static String missingOrWrong(JsonNode node, String path, String expected) {
    return node == null
        ? "'" + path + "' is missing; expected " + expected
        : "'" + path + "' is " + node + "; expected " + expected;
  }

  private InvalidModelException invalid(String problem) {
    return new InvalidModelException(file + ": " + problem);
  }
}
