package com.buythatlook.vision.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks that {@code model.onnx} is the file {@code model.json} describes: same bytes (SHA-256) and
 * shapes that agree with the manifest's input size, class count and dimension.
 */
public final class ModelVerifier {

  private ModelVerifier() {}

  /** Both checks, then returns the signature for the runner to use. */
  public static OnnxSignature verify(ModelManifest manifest) {
    verifyChecksum(manifest);
    OnnxSignature signature = OnnxSignature.read(manifest.modelFile());
    verifySignature(manifest, signature);
    return signature;
  }

  public static void verifyChecksum(ModelManifest manifest) {
    Path file = manifest.modelFile();
    String actual = sha256(file);
    if (!actual.equals(manifest.sha256())) {
      throw new InvalidModelException(
          file
              + ": "
              + manifest.file()
              + " sha256 is "
              + actual
              + " but model.json says "
              + manifest.sha256()
              + ": the file was changed or truncated");
    }
  }

  static String sha256(Path file) {
    MessageDigest md = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchFileException e) {
      throw new InvalidModelException(
          "no "
              + file.getFileName()
              + " in "
              + file.getParent()
              + ", which model.json names"
              + " as the model file");
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static void verifySignature(ModelManifest m, OnnxSignature s) {
    String where = m.modelFile() + ": ";
    if (s.inputs().size() != 1) {
      throw new InvalidModelException(
          where
              + "the graph has "
              + s.inputs().size()
              + " inputs "
              + s.inputs().keySet()
              + "; the runners feed exactly one image tensor");
    }
    ModelInput in = m.input();
    long[] shape = s.inputs().get(in.name());
    if (shape == null) {
      throw new InvalidModelException(
          where
              + "model.json says the input is called '"
              + in.name()
              + "' but the graph's input is '"
              + s.inputs().keySet().iterator().next()
              + "'");
    }
    checkInputShape(where, in, shape);
    String type = s.inputType(in.name());
    if (!type.equals("float")) {
      throw new InvalidModelException(
          where
              + "input '"
              + in.name()
              + "' is "
              + type
              + " but the runners feed float32: export the model with a float32 input (a float16"
              + " model keeps float32 inputs and outputs with keep_io_types=True)");
    }
    for (String name : m.output().names()) {
      if (!s.outputs().containsKey(name)) {
        throw new InvalidModelException(
            where
                + "model.json lists output '"
                + name
                + "' but the graph's outputs are "
                + s.outputs().keySet());
      }
    }
    switch (m.output().format()) {
      case YOLOV8 -> checkYolo(where, m, s, 0);
      case YOLOV8_SEG -> checkYoloSeg(where, m, s);
      case RCNN -> checkRcnn(where, m, s);
      case YOLO_END2END -> checkRows(where, m, s, 6, "[N, K, 6] (x1, y1, x2, y2, score, class)");
      case YOLOV5 ->
          checkRows(
              where,
              m,
              s,
              5 + m.classes().size(),
              "[N, anchors, 5 + " + m.classes().size() + "] (box, objectness, class scores)");
      case EMBEDDING -> checkEmbedding(where, m, s);
    }
  }

  private static void checkInputShape(String where, ModelInput in, long[] shape) {
    boolean batched = shape.length == 4;
    if (!batched && shape.length != 3) {
      throw new InvalidModelException(
          where
              + "input '"
              + in.name()
              + "' is "
              + OnnxSignature.format(shape)
              + "; expected [N, 3, H, W] (or [3, H, W])");
    }
    int c = batched ? 1 : 0;
    long channels = shape[c];
    long h = shape[c + 1];
    long w = shape[c + 2];
    if ((channels >= 0 && channels != 3)
        || (h >= 0 && h != in.height())
        || (w >= 0 && w != in.width())) {
      throw new InvalidModelException(
          where
              + "model.json says input '"
              + in.name()
              + "' is 3×"
              + in.height()
              + "×"
              + in.width()
              + " (channels×height×width) but the graph declares "
              + OnnxSignature.format(shape)
              + ": the input sizes disagree");
    }
    if (batched && shape[0] > 1) {
      throw new InvalidModelException(
          where
              + "input '"
              + in.name()
              + "' has a fixed batch of "
              + shape[0]
              + "; export it with a dynamic batch axis or a batch of 1");
    }
  }

  private static void checkYolo(String where, ModelManifest m, OnnxSignature s, long maskDim) {
    String name = m.output().names().get(0);
    long[] shape = s.outputs().get(name);
    long rows = 4 + m.classes().size() + Math.max(0, maskDim);
    String rowsText =
        "4 + "
            + m.classes().size()
            + (maskDim > 0 ? " + " + maskDim : maskDim < 0 ? " + mask coefficients" : "");
    if (shape == null || shape.length != 3) {
      throw new InvalidModelException(
          where
              + "output '"
              + name
              + "' is "
              + OnnxSignature.format(shape)
              + "; format \""
              + m.output().format()
              + "\" expects [N, "
              + rowsText
              + ", anchors]");
    }
    boolean unknown = maskDim < 0;
    boolean fits =
        shape[1] < 0
            || shape[2] < 0
            || (unknown
                ? shape[1] > rows || shape[2] > rows
                : shape[1] == rows || shape[2] == rows);
    if (!fits) {
      throw new InvalidModelException(
          where
              + "model.json lists "
              + m.classes().size()
              + " classes, so output '"
              + name
              + "' should have "
              + rowsText
              + (unknown ? "" : " = " + rows)
              + " rows, but the graph declares "
              + OnnxSignature.format(shape));
    }
  }

  /** A {@code [N, rows, last]} output whose last axis, when fixed, is {@code last}. */
  private static void checkRows(
      String where, ModelManifest m, OnnxSignature s, long last, String expected) {
    String name = m.output().names().get(0);
    long[] shape = s.outputs().get(name);
    if (shape == null || shape.length != 3 || (shape[2] >= 0 && shape[2] != last)) {
      throw new InvalidModelException(
          where
              + "output '"
              + name
              + "' is "
              + OnnxSignature.format(shape)
              + "; format \""
              + m.output().format()
              + "\" expects "
              + expected);
    }
  }

  private static void checkYoloSeg(String where, ModelManifest m, OnnxSignature s) {
    String protoName = m.output().names().get(1);
    long[] protos = s.outputs().get(protoName);
    if (protos == null || protos.length != 4) {
      throw new InvalidModelException(
          where
              + "output '"
              + protoName
              + "' is "
              + OnnxSignature.format(protos)
              + "; format \"yolov8-seg\" expects mask prototypes"
              + " [N, 32, H/4, W/4]");
    }
    checkYolo(where, m, s, protos[1] >= 0 ? protos[1] : -1);
  }

  private static void checkRcnn(String where, ModelManifest m, OnnxSignature s) {
    String[] expected = {"[K, 4]", "[K]", "[K]", "[K, 1, H, W]"};
    int[] ranks = {2, 1, 1, 4};
    for (int i = 0; i < m.output().names().size(); i++) {
      String name = m.output().names().get(i);
      long[] shape = s.outputs().get(name);
      boolean ok =
          shape != null && shape.length == ranks[i] && (i != 0 || shape[1] < 0 || shape[1] == 4);
      if (!ok) {
        throw new InvalidModelException(
            where
                + "output '"
                + name
                + "' is "
                + OnnxSignature.format(shape)
                + "; format \"rcnn\" expects "
                + expected[i]
                + " there (boxes, labels, scores, masks)");
      }
    }
  }

  private static void checkEmbedding(String where, ModelManifest m, OnnxSignature s) {
    String name = m.output().names().get(0);
    long[] shape = s.outputs().get(name);
    if (shape == null || shape.length < 2) {
      throw new InvalidModelException(
          where
              + "output '"
              + name
              + "' is "
              + OnnxSignature.format(shape)
              + "; format \"embedding\" expects [N, D]");
    }
    long d = shape[shape.length - 1];
    if (d >= 0 && d != m.dimension()) {
      throw new InvalidModelException(
          where
              + "model.json says 'dimension' is "
              + m.dimension()
              + " but output '"
              + name
              + "' is "
              + OnnxSignature.format(shape));
    }
  }
}
