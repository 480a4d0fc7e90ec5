package com.buythatlook.functions.embed;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageEncoder;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.onnx.ModelLocation;
import org.slf4j.LoggerFactory;

/**
 * Run by ZipSmokeIT with nothing but {@code target/embed.zip} and the test classes on the
 * classpath: proves the deployment package alone can decode a photo, load its bundled model through
 * the natives it carries, run it, and log a JSON line.
 */
public final class ZipSmoke {
  private ZipSmoke() {}

  public static void main(String[] args) {
    byte[] png = ImageEncoder.png(new RgbImage(64, 48, new byte[64 * 48 * 3]));
    RgbImage image = ImageDecoder.withDefaultLimits().decode(png);
    try (OnnxEmbedder model = OnnxEmbedder.open(ModelLocation.bundled("embedder"))) {
      LoggerFactory.getLogger(ZipSmoke.class).info("smoke test of the embed zip");
      System.out.println("ok " + model.embed(java.util.List.of(image))[0].length + " dimensions");
    }
  }
}
