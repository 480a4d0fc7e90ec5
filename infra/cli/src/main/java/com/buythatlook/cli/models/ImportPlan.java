package com.buythatlook.cli.models;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.FashionClasses;
import com.buythatlook.vision.onnx.OnnxSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code btl model import} makes of an ONNX graph: the task, the output layout, the input
 * size, the class names and the category map it proposes. Every problem is one {@link UserError}
 * sentence that says what to do.
 *
 * @param format the manifest's {@code output.format}
 * @param outputs the manifest's {@code output.names}
 * @param classesFrom where the class names came from, for the summary
 * @param sizeFrom where the input size came from, for the summary
 */
record ImportPlan(
    String task,
    String format,
    String inputName,
    int width,
    int height,
    String sizeFrom,
    List<String> outputs,
    List<String> classes,
    String classesFrom,
    Map<String, Category> categoryMap,
    int dimension) {

  static final String DETECTION = "detection";
  static final String EMBEDDING = "embedding";
  private static final int DEFAULT_DETECTOR_SIDE = 640;
  private static final int DEFAULT_EMBEDDER_SIDE = 224;
  private static final String LAYOUTS =
      "yolov8 [1, 4 + classes, anchors], yolo-end2end"
          + " [1, K, 6], yolov5 [1, anchors, 5 + classes], yolov8-seg, rcnn (boxes, labels, scores)"
          + " or embedding [N, D]";

  /**
   * @param file the ONNX file, for messages
   * @param taskOption {@code --task}, or null to take it from the metadata or the outputs
   * @param classOption {@code --classes}, or null
   */
  static ImportPlan of(String file, OnnxGraph graph, String taskOption, List<String> classOption) {
    OnnxSignature s = graph.signature();
    Map<String, String> meta = graph.metadata();
    if (s.inputs().size() != 1) {
      throw new UserError(
          file
              + " has "
              + s.inputs().size()
              + " inputs "
              + s.inputs().keySet()
              + "; btl feeds exactly one image tensor [N, 3, H, W]");
    }
    String input = s.inputs().keySet().iterator().next();
    String type = s.inputType(input);
    if (type.equals("float16")) {
      throw new UserError(
          file
              + " takes a float16 input '"
              + input
              + "' but btl feeds float32:"
              + " export it again with half=False (Ultralytics: yolo export format=onnx half=False),"
              + " or convert it to float16 with keep_io_types=True so that its inputs and outputs"
              + " stay float32");
    }
    if (type.equals("uint8")) {
      throw new UserError(
          file
              + " takes a uint8 input '"
              + input
              + "' but btl feeds float32"
              + " pixels: export it again with a float32 input [N, 3, H, W] and put its scaling in"
              + " model.json's scale, mean and std");
    }
    if (!type.equals("float")) {
      throw new UserError(
          file
              + " takes a "
              + type
              + " input '"
              + input
              + "' but btl feeds"
              + " float32: export it again with a float32 input [N, 3, H, W]");
    }
    long[] declared = s.inputs().get(input);
    // torchvision's detection exports take one image [3, H, W]
    long[] in =
        declared != null && declared.length == 3
            ? new long[] {1, declared[0], declared[1], declared[2]}
            : declared;
    if (in == null || in.length != 4 || (in[1] >= 0 && in[1] != 3)) {
      throw new UserError(
          file
              + "'s input '"
              + input
              + "' is "
              + shape(declared)
              + "; btl feeds"
              + " images as [N, 3, H, W] or [3, H, W] (3 colour channels): export it with that"
              + " input");
    }
    if (in[0] > 1) {
      throw new UserError(
          file
              + "'s input '"
              + input
              + "' has a fixed batch of "
              + in[0]
              + "; export it with a dynamic batch axis or a batch of 1");
    }

    String task = task(file, s, meta, taskOption);
    int[] hw = OnnxGraph.imgsz(meta.get("imgsz"));
    int side = task.equals(DETECTION) ? DEFAULT_DETECTOR_SIDE : DEFAULT_EMBEDDER_SIDE;
    int height;
    int width;
    String sizeFrom;
    if (in[2] > 0 && in[3] > 0) {
      height = (int) in[2];
      width = (int) in[3];
      sizeFrom = "the graph's input shape";
    } else if (hw != null) {
      height = hw[0];
      width = hw[1];
      sizeFrom = "the Ultralytics metadata (imgsz); the graph's height and width are symbolic";
    } else {
      height = width = side;
      sizeFrom =
          "the default "
              + side
              + " (the graph's height and width are symbolic and it"
              + " has no imgsz metadata); change input.width and input.height if it was trained at"
              + " another size";
    }

    if (task.equals(EMBEDDING)) {
      return embedding(file, s, input, width, height, sizeFrom);
    }
    return detection(file, s, meta, input, width, height, sizeFrom, classOption);
  }

  private static String task(
      String file, OnnxSignature s, Map<String, String> meta, String option) {
    if (option != null) {
      String t = option.toLowerCase(Locale.ROOT);
      if (!t.equals(DETECTION) && !t.equals(EMBEDDING)) {
        throw new UserError("--task is '" + option + "'; expected detection or embedding");
      }
      return t;
    }
    String ultralytics = meta.get("task");
    if (ultralytics != null) {
      switch (ultralytics) {
        case "detect", "segment" -> {
          return DETECTION;
        }
        default ->
            throw new UserError(
                file
                    + " is an Ultralytics '"
                    + ultralytics
                    + "' model;"
                    + " btl imports detection ('detect', 'segment') and embedding models");
      }
    }
    boolean oneMatrix =
        s.outputs().values().stream().anyMatch(d -> d != null && d.length == 2)
            && s.outputs().values().stream().noneMatch(d -> d != null && d.length == 1);
    return oneMatrix ? EMBEDDING : DETECTION;
  }

  private static ImportPlan embedding(
      String file, OnnxSignature s, String input, int width, int height, String sizeFrom) {
    List<String> matrices =
        s.outputs().entrySet().stream()
            .filter(e -> e.getValue() != null && e.getValue().length == 2)
            .map(Map.Entry::getKey)
            .toList();
    if (matrices.size() > 1) {
      List<String> named =
          matrices.stream().filter(n -> n.toLowerCase(Locale.ROOT).contains("embed")).toList();
      matrices = named.size() == 1 ? named : matrices;
    }
    if (matrices.size() != 1) {
      throw new UserError(
          file
              + "'s outputs are "
              + outputs(s)
              + "; an embedding model needs"
              + " one output [N, D] ("
              + (matrices.isEmpty()
                  ? "there is none"
                  : "there are " + matrices.size() + ": " + matrices)
              + "), the layouts btl reads are "
              + LAYOUTS);
    }
    String out = matrices.get(0);
    long d = s.outputs().get(out)[1];
    if (d <= 0) {
      throw new UserError(
          file
              + "'s output '"
              + out
              + "' is "
              + shape(s.outputs().get(out))
              + "; its embedding dimension D must be fixed in the graph: export it again with"
              + " only the batch axis dynamic");
    }
    return new ImportPlan(
        EMBEDDING,
        "embedding",
        input,
        width,
        height,
        sizeFrom,
        List.of(out),
        List.of(),
        null,
        Map.of(),
        (int) d);
  }

  private static ImportPlan detection(
      String file,
      OnnxSignature s,
      Map<String, String> meta,
      String input,
      int width,
      int height,
      String sizeFrom,
      List<String> classOption) {
    Map<String, long[]> outs = s.outputs();
    String format;
    List<String> names;
    int nc = -1; // classes the layout implies, -1: it does not say
    List<String> lower = outs.keySet().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    if (lower.containsAll(List.of("boxes", "labels", "scores"))) {
      format = "rcnn";
      names = new ArrayList<>();
      for (String want : List.of("boxes", "labels", "scores", "masks")) {
        outs.keySet().stream()
            .filter(n -> n.equalsIgnoreCase(want))
            .findFirst()
            .ifPresent(names::add);
      }
    } else if (outs.size() == 2
        && outs.values().stream().anyMatch(d -> d != null && d.length == 4)
        && outs.values().stream().anyMatch(d -> d != null && d.length == 3)) {
      format = "yolov8-seg";
      String det =
          outs.entrySet().stream()
              .filter(e -> e.getValue().length == 3)
              .findFirst()
              .orElseThrow()
              .getKey();
      String proto =
          outs.entrySet().stream()
              .filter(e -> e.getValue().length == 4)
              .findFirst()
              .orElseThrow()
              .getKey();
      names = List.of(det, proto);
      long rows = outs.get(det)[1];
      long maskDim = outs.get(proto)[1];
      nc = rows > 0 && maskDim > 0 ? (int) (rows - 4 - maskDim) : -1;
    } else if (outs.size() == 1
        && outs.values().iterator().next() != null
        && outs.values().iterator().next().length == 3) {
      String name = outs.keySet().iterator().next();
      long[] d = outs.get(name);
      long a = d[1];
      long b = d[2];
      boolean end2end =
          "true".equalsIgnoreCase(meta.getOrDefault("end2end", ""))
              || (b == 6 && (a < 0 || a <= 1000));
      names = List.of(name);
      if (end2end) {
        if (b >= 0 && b != 6) {
          throw unknown(file, s);
        }
        format = "yolo-end2end";
      } else if (a > 4 && (b < 0 || a < b)) {
        format = "yolov8";
        nc = (int) (a - 4);
      } else if (b > 5 && (a < 0 || b < a)) {
        format = "yolov5";
        nc = (int) (b - 5);
      } else {
        throw unknown(file, s);
      }
    } else {
      throw unknown(file, s);
    }

    List<String> classes;
    String from;
    Map<Integer, String> metaNames = OnnxGraph.names(meta.get("names"));
    if (classOption != null) {
      classes = classOption.stream().map(String::strip).toList();
      from = "--classes";
    } else if (!metaNames.isEmpty()) {
      classes = new ArrayList<>();
      for (int i = 0; i < metaNames.size(); i++) {
        String n = metaNames.get(i);
        if (n == null) {
          throw new UserError(
              file
                  + "'s names metadata has no class "
                  + i
                  + "; give the class"
                  + " names in index order with --classes a,b,c");
        }
        classes.add(n);
      }
      from = "the Ultralytics metadata (names)";
    } else if (nc == FashionClasses.DEEPFASHION2.size()) {
      classes = FashionClasses.DEEPFASHION2;
      from =
          "the output's 13 classes, taken as DeepFashion2's in category_id order (no names"
              + " metadata; give --classes if they are not)";
    } else if (nc == FashionClasses.FASHIONPEDIA.size()) {
      classes = FashionClasses.FASHIONPEDIA;
      from =
          "the output's 46 classes, taken as Fashionpedia's in id order (no names metadata;"
              + " give --classes if they are not)";
    } else {
      throw new UserError(
          file
              + " has no class names in its metadata"
              + (nc > 0 ? " and its " + nc + " classes match no known data set" : "")
              + "; give them in class-index order with --classes a,b,c");
    }
    if (nc > 0 && classes.size() != nc) {
      throw new UserError(
          file
              + "'s output "
              + names.get(0)
              + " "
              + shape(outs.get(names.get(0)))
              + " holds "
              + nc
              + " classes in format "
              + format
              + " but "
              + from
              + " names "
              + classes.size());
    }
    if (classes.stream().distinct().count() != classes.size() || classes.contains("")) {
      throw new UserError(from + " lists a class name twice or an empty one: " + classes);
    }
    Map<String, Category> map = new LinkedHashMap<>();
    for (String c : classes) {
      Optional<Category> cat = FashionClasses.categoryOf(c);
      cat.ifPresent(v -> map.put(c, v));
    }
    if (map.isEmpty()) {
      throw new UserError(
          "none of the classes "
              + abbreviated(classes)
              + " maps onto a catalog"
              + " category ("
              + Arrays.stream(Category.values())
                  .map(Category::wireName)
                  .collect(Collectors.joining(", "))
              + "); give names with --classes, or write"
              + " model.json's categoryMap by hand (infra/models/README.md)");
    }
    String known = FashionClasses.recognise(classes).toString();
    return new ImportPlan(
        DETECTION,
        format,
        input,
        width,
        height,
        sizeFrom,
        names,
        classes,
        from + "; the classes are " + known,
        map,
        0);
  }

  private static UserError unknown(String file, OnnxSignature s) {
    return new UserError(
        file
            + "'s outputs "
            + outputs(s)
            + " are no layout btl reads; it"
            + " reads "
            + LAYOUTS
            + " (infra/models/README.md)");
  }

  private static String outputs(OnnxSignature s) {
    return s.outputs().entrySet().stream()
        .map(e -> e.getKey() + " " + shape(e.getValue()))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String abbreviated(List<String> classes) {
    return classes.size() <= 8
        ? classes.toString()
        : classes.subList(0, 8).toString().replace("]", ", …]");
  }

  static String shape(long[] dims) {
    if (dims == null) {
      return "(not a tensor)";
    }
    return Arrays.stream(dims)
        .mapToObj(d -> d < 0 ? "?" : Long.toString(d))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
