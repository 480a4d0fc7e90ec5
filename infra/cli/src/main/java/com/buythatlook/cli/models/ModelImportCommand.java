package com.buythatlook.cli.models;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.vision.detect.DetectorOptions;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.embed.EmbedderOptions;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.onnx.InvalidModelException;
import com.buythatlook.vision.onnx.ModelManifest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code btl model import FILE.onnx}: writes the model folder a runner loads. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Makes a model folder (model.onnx + model.json) from an exported ONNX file, so that look,"
          + " eval, index and serve can use it with --detector DIR or --embedder DIR.",
      "",
      "It reads the graph's input and outputs and Ultralytics' metadata (names, imgsz, task),"
          + " recognises the output layout (yolov8 [1, 4 + classes, anchors], yolo-end2end"
          + " [1, K, 6], yolov5 [1, anchors, 5 + classes], yolov8-seg, rcnn, embedding [N, D]),"
          + " proposes the map from the detector's classes to the catalog categories (ready maps"
          + " for DeepFashion2's 13 classes and Fashionpedia's 46; other names by words such as"
          + " 'dress' or 'sneaker'; classes that fit none are dropped), computes the sha256,"
          + " writes model.json, copies (or links) the ONNX file beside it and loads the folder"
          + " once as the runners do. A float16 or uint8 input is refused with what to do.",
      "",
      "Preprocessing written: detectors as Ultralytics (letterbox, pad 114, bilinear, pixels /"
          + " 255); embedders as CLIP (shortest side resized, centre crop, bicubic, CLIP's mean"
          + " and std). Edit model.json for anything else (infra/models/README.md).",
      ""
    },
    footer = {
      "",
      "Example:",
      "  yolo export model=best.pt format=onnx",
      "  btl model import best.onnx --out models/df2-yolo",
      "  btl look street.jpg --detector models/df2-yolo"
    })
public final class ModelImportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final List<Double> CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
  private static final List<Double> CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.onnx", description = "the exported model")
  Path file;

  @Option(
      names = "--task",
      paramLabel = "detection|embedding",
      description =
          "What the model does (default: Ultralytics' task metadata, else an output"
              + " [N, D] alone means embedding).")
  String task;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "The model folder to write (default: a folder named after FILE beside it).")
  Path out;

  @Option(
      names = "--classes",
      paramLabel = "NAME,NAME,…",
      split = ",",
      description =
          "Detector class names in class-index order, when the file has no names"
              + " metadata or they should be replaced.")
  List<String> classes;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The model's name in model.json (default: FILE's name without .onnx).")
  String name;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      description = "The model's version in model.json (default: today's date, UTC).")
  String version;

  @Option(
      names = "--link",
      description = "Link model.onnx to FILE instead of copying it (a symbolic link).")
  boolean link;

  @Option(names = "--force", description = "Replace an existing model.json in DIR.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + " is not a file; give the exported .onnx file");
    }
    String stem = file.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
    Path dir = out != null ? out : file.toAbsolutePath().getParent().resolve(stem);
    if (Files.exists(dir.resolve(ModelManifest.FILE_NAME)) && !force) {
      throw new UserError(
          dir.resolve(ModelManifest.FILE_NAME)
              + " exists; give another --out"
              + " or --force to replace it");
    }
    ImportPlan plan = ImportPlan.of(file.toString(), OnnxGraph.read(file), task, classes);

    Files.createDirectories(dir);
    Path onnx = dir.resolve("model.onnx");
    boolean same = Files.exists(onnx) && Files.isSameFile(onnx, file);
    if (!same) {
      Files.deleteIfExists(onnx);
      if (link) {
        Files.createSymbolicLink(onnx, file.toAbsolutePath());
      } else {
        Files.copy(file, onnx, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    String sha = sha256(onnx);
    Path manifest = dir.resolve(ModelManifest.FILE_NAME);
    Files.writeString(manifest, JSON.writeValueAsString(manifest(plan, stem, sha)) + "\n");
    try {
      load(dir, plan.task());
    } catch (InvalidModelException e) {
      Files.delete(manifest);
      if (!same) {
        Files.delete(onnx);
      }
      throw new UserError(
          "the model folder does not load, so nothing was written: " + e.getMessage());
    }

    o.printf("%s: %s, output format %s %s%n", file, plan.task(), plan.format(), plan.outputs());
    o.printf(
        "  input '%s' %d×%d (width×height) from %s%n",
        plan.inputName(), plan.width(), plan.height(), plan.sizeFrom());
    if (plan.task().equals(ImportPlan.DETECTION)) {
      o.printf(
          "  %d classes from %s; category map (edit categoryMap in model.json to change"
              + " it):%n",
          plan.classes().size(), plan.classesFrom());
      for (String c : plan.classes()) {
        Category cat = plan.categoryMap().get(c);
        o.printf("    %-28s %s%n", c, cat == null ? "(dropped: no catalog category)" : cat);
      }
    } else {
      o.printf(
          "  embedding dimension %d; CLIP's preprocessing written (edit input.mean, std,"
              + " resize and interpolation for another model's)%n",
          plan.dimension());
    }
    o.printf("  sha256 %s%n", sha);
    o.printf(
        "wrote %s and %s (%s); it loads in ONNX Runtime%n",
        manifest,
        onnx,
        same ? "already there" : link ? "a link to " + file.toAbsolutePath() : "a copy");
    String flag = plan.task().equals(ImportPlan.DETECTION) ? "--detector" : "--embedder";
    o.printf("next: btl look PHOTO %s %s; btl eval --data DATA %s %s%n", flag, dir, flag, dir);
    o.flush();
    return 0;
  }

  private ObjectNode manifest(ImportPlan plan, String stem, String sha) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", 1);
    root.put("name", name != null ? name : stem);
    root.put(
        "version",
        version != null
            ? version
            : LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy.MM.dd")));
    root.put("task", plan.task());
    root.put("file", "model.onnx");
    root.put("sha256", sha);
    ObjectNode in = root.putObject("input");
    in.put("name", plan.inputName());
    in.put("width", plan.width());
    in.put("height", plan.height());
    in.put("colorOrder", "RGB");
    in.put("layout", "NCHW");
    in.put("scale", 255.0);
    boolean detection = plan.task().equals(ImportPlan.DETECTION);
    ArrayNode mean = in.putArray("mean");
    ArrayNode std = in.putArray("std");
    for (int c = 0; c < 3; c++) {
      mean.add(detection ? 0.0 : CLIP_MEAN.get(c));
      std.add(detection ? 1.0 : CLIP_STD.get(c));
    }
    if (detection) {
      in.put("resize", "letterbox");
      in.put("padValue", 114);
      in.put("interpolation", "bilinear");
    } else {
      in.put("resize", "shortest-side-crop");
      in.put("interpolation", "bicubic");
    }
    ObjectNode output = root.putObject("output");
    output.put("format", plan.format());
    ArrayNode names = output.putArray("names");
    plan.outputs().forEach(names::add);
    if (!detection) {
      output.put("normalized", false);
      root.put("dimension", plan.dimension());
      return root;
    }
    ArrayNode cls = root.putArray("classes");
    plan.classes().forEach(cls::add);
    ObjectNode map = root.putObject("categoryMap");
    for (Map.Entry<String, Category> e : plan.categoryMap().entrySet()) {
      map.put(e.getKey(), e.getValue().wireName());
    }
    return root;
  }

  /** Opens the folder as the runners do (checksum, shapes, one blank image at load). */
  private static void load(Path dir, String task) {
    if (task.equals(ImportPlan.DETECTION)) {
      OnnxDetector.open(dir, DetectorOptions.DEFAULT).close();
    } else {
      OnnxEmbedder.open(dir, EmbedderOptions.DEFAULT).close();
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
