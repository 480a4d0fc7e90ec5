package com.buythatlook.bench;

import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.detect.DetectorOptions;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.embed.EmbedderOptions;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.onnx.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java half of infra/bench/models.sh: the detector on whole street photos and the embedder on
 * batches of 8 street crops, through the same runners the functions use (pre-processing, inference,
 * decoding and NMS included; JPEG decoding excluded, as on the Python side). Writes the photo ids
 * and crop boxes it used so the Python reference runs the very same inputs, and prints {@code
 * name=value} medians.
 *
 * <p>Usage: {@code ModelsBench DATA DETECTOR_DIR EMBEDDER_DIR OUT_DIR [photos] [repeats]
 * [threads]}; threads 0 (the default) keeps ONNX Runtime's own choice, one per physical core, as
 * the Python reference does when it is not given a number either.
 */
public final class ModelsBench {
  private static volatile int sink;

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    Path detectorDir = Path.of(args[1]);
    Path embedderDir = Path.of(args[2]);
    Path out = Path.of(args[3]);
    int photos = args.length > 4 ? Integer.parseInt(args[4]) : 40;
    int repeats = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    int threads = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    RuntimeOptions runtime = RuntimeOptions.DEFAULT.withThreads(threads);
    Files.createDirectories(out);

    Street2ShopDataset ds = Street2ShopDataset.open(data);
    Map<Long, List<StreetItem>> byPhoto = ds.streetPhotos(Split.TEST);
    ImageDecoder decoder = ImageDecoder.withDefaultLimits();
    List<Long> ids = new ArrayList<>();
    List<RgbImage> images = new ArrayList<>();
    List<RgbImage> crops = new ArrayList<>();
    StringBuilder inputs = new StringBuilder();
    for (Map.Entry<Long, List<StreetItem>> e : byPhoto.entrySet()) {
      if (ids.size() == photos) {
        break;
      }
      Path file = ds.image(e.getKey()).orElseThrow();
      RgbImage img = decoder.decode(Files.readAllBytes(file));
      ids.add(e.getKey());
      images.add(img);
      inputs.append("photo ").append(file.toAbsolutePath()).append('\n');
      for (StreetItem item : e.getValue()) {
        crops.add(img.crop(item.bbox()));
        inputs.append(
            String.format(
                Locale.ROOT,
                "crop %s %.0f %.0f %.0f %.0f%n",
                file.toAbsolutePath(),
                item.bbox().left(),
                item.bbox().top(),
                item.bbox().width(),
                item.bbox().height()));
      }
    }
    int batches = crops.size() / 8;
    Files.writeString(out.resolve("inputs.txt"), inputs);

    try (OnnxDetector det =
            OnnxDetector.open(detectorDir, DetectorOptions.DEFAULT.withRuntime(runtime));
        OnnxEmbedder emb =
            OnnxEmbedder.open(embedderDir, EmbedderOptions.DEFAULT.withRuntime(runtime))) {
      // warm-up: first runs allocate ONNX Runtime's arenas and JIT-compile the pre/post code
      for (int i = 0; i < Math.min(5, images.size()); i++) {
        sink += det.detect(images.get(i)).size();
        sink += emb.embed(crops.subList(0, 8)).length;
      }
      double[] detMs = new double[images.size() * repeats];
      int t = 0;
      for (int r = 0; r < repeats; r++) {
        for (RgbImage img : images) {
          long t0 = System.nanoTime();
          sink += det.detect(img).size();
          detMs[t++] = (System.nanoTime() - t0) / 1e6;
        }
      }
      double[] embMs = new double[batches * repeats];
      t = 0;
      for (int r = 0; r < repeats; r++) {
        for (int b = 0; b < batches; b++) {
          long t0 = System.nanoTime();
          sink += emb.embed(crops.subList(b * 8, b * 8 + 8)).length;
          embMs[t++] = (System.nanoTime() - t0) / 1e6 / 8;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "photos=%d crops=%d batches_of_8=%d threads=%s%n",
          images.size(),
          crops.size(),
          batches,
          threads == 0 ? "default" : threads);
      System.out.printf(Locale.ROOT, "java_detector_ms=%.2f%n", median(detMs));
      System.out.printf(Locale.ROOT, "java_embedder_ms_per_crop=%.3f%n", median(embMs));
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private ModelsBench() {}
}
