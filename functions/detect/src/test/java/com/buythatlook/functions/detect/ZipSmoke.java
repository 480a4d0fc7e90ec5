package com.buythatlook.functions.detect;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.vision.codec.ImageDecoder;
import com.buythatlook.vision.codec.ImageEncoder;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.onnx.ModelLocation;
import org.slf4j.LoggerFactory;

/**
 * Run by ZipSmokeIT with nothing but {@code target/detect.zip} and the test classes on the
 * classpath: proves the deployment package alone can decode a photo, load its bundled model through
 * the natives it carries, run it, and log a JSON line.
 */
public final class ZipSmoke {
  private ZipSmoke() {}

  public static void main(String[] args) {
    byte[] png = ImageEncoder.png(new RgbImage(64, 48, new byte[64 * 48 * 3]));
    RgbImage image = ImageDecoder.withDefaultLimits().decode(png);
    try (OnnxDetector model = OnnxDetector.open(ModelLocation.bundled("detector"))) {
      LoggerFactory.getLogger(ZipSmoke.class).info("smoke test of the detect zip");
      System.out.println("ok " + model.detect(image).size() + " detections");
    }
  }
}
