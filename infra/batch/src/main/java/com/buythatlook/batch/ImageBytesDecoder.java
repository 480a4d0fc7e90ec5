package com.buythatlook.batch;

import com.buythatlook.core.image.RgbImage;
import java.io.IOException;

/** Turns a catalog image's bytes into pixels; throws with a readable reason when it cannot. */
@FunctionalInterface
public interface ImageBytesDecoder {
  RgbImage decode(byte[] bytes, String name) throws IOException;
}
