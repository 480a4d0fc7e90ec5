package com.buythatlook.vision.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.image.RgbImage;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The colour profile that made libpng print "iCCP: known incorrect sRGB profile" is removed before
 * decoding, and nothing else changes: the other chunks and the decoded pixels.
 */
class PngChunksTest {

  @Test
  void aPngWithAColourProfileLosesItAndNothingElse() throws IOException {
    byte[] png = withSrgbProfile(sixteenBitPng(40, 30));
    List<String> before = chunkTypes(png);
    assertThat(before).contains("iCCP");

    byte[] stripped = PngChunks.withoutColourProfile(png);

    List<String> expected = new ArrayList<>(before);
    expected.remove("iCCP");
    assertThat(chunkTypes(stripped)).isEqualTo(expected);
    assertThat(stripped.length).isLessThan(png.length);
    RgbImage decoded = ImageDecoder.withDefaultLimits().decode(png);
    assertThat(decoded.width()).isEqualTo(40);
    assertThat(decoded.height()).isEqualTo(30);
    for (int y = 0; y < 30; y += 7) {
      for (int x = 0; x < 40; x += 9) {
        assertThat(decoded.red(x, y)).isEqualTo(x * 6);
        assertThat(decoded.green(x, y)).isEqualTo(y * 8);
        assertThat(decoded.blue(x, y)).isEqualTo(100);
      }
    }
  }

  @Test
  void filesWithoutAProfileOrNotPngAreReturnedAsTheyAre() throws IOException {
    BufferedImage rgb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(rgb, "png", out);
    byte[] plain = out.toByteArray();
    assertThat(chunkTypes(plain)).doesNotContain("iCCP");
    assertThat(PngChunks.withoutColourProfile(plain)).isSameAs(plain);
    byte[] text = "not a png".getBytes(StandardCharsets.US_ASCII);
    assertThat(PngChunks.withoutColourProfile(text)).isSameAs(text);
    byte[] cut = Arrays.copyOf(withSrgbProfile(sixteenBitPng(40, 30)), 60);
    assertThat(PngChunks.withoutColourProfile(cut)).as("a truncated file").isSameAs(cut);
  }

  /** 16 bits per sample, red = 6x, green = 8y, blue = 100 (each × 257). */
  private static byte[] sixteenBitPng(int w, int h) throws IOException {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster r = cm.createCompatibleWritableRaster(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.setPixel(x, y, new int[] {x * 6 * 257, y * 8 * 257, 100 * 257});
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(cm, r, false, null), "png", out);
    return out.toByteArray();
  }

  /**
   * The PNG with an iCCP chunk holding Java's sRGB profile inserted after IHDR, as photo editors
   * write one (name, compression method 0, deflated profile; CRC over type and data).
   */
  private static byte[] withSrgbProfile(byte[] png) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.write("sRGB".getBytes(StandardCharsets.ISO_8859_1));
    data.write(0); // end of the profile name
    data.write(0); // compression method: deflate
    try (DeflaterOutputStream z = new DeflaterOutputStream(data)) {
      z.write(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
    }
    byte[] body = data.toByteArray();
    byte[] type = "iCCP".getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(body);
    int afterIhdr = 8 + 12 + 13;
    ByteBuffer out = ByteBuffer.allocate(png.length + 12 + body.length);
    out.put(png, 0, afterIhdr)
        .putInt(body.length)
        .put(type)
        .put(body)
        .putInt((int) crc.getValue())
        .put(png, afterIhdr, png.length - afterIhdr);
    return out.array();
  }

  private static List<String> chunkTypes(byte[] png) {
    List<String> types = new ArrayList<>();
    int at = 8;
    while (at + 12 <= png.length) {
      int length =
          ((png[at] & 0xFF) << 24)
              | ((png[at + 1] & 0xFF) << 16)
              | ((png[at + 2] & 0xFF) << 8)
              | (png[at + 3] & 0xFF);
      types.add(new String(png, at + 4, 4, StandardCharsets.ISO_8859_1));
      at += 12 + length;
    }
    return types;
  }
}
