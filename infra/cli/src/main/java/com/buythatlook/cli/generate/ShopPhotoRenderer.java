package com.buythatlook.cli.generate;

import static com.buythatlook.cli.generate.Seeds.between;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * A catalogue photo: the product alone, centred on a plain light background with a soft drop
 * shadow. View 0 is the front view; further views of the same product are turned a little, scaled,
 * cropped or mirrored, as a shop's extra photos are.
 */
final class ShopPhotoRenderer {
  static final int SIZE = 256;
  static final float QUALITY = 0.92f;

  /** Share of the photo the product's longer side fills in the front view. */
  private static final double FILL = 0.82;

  private ShopPhotoRenderer() {}

  static BufferedImage render(ProductSpec product, int view, SplittableRandom rng) {
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    int top = new Hsv(between(rng, 0, 360), between(rng, 0, 0.06), between(rng, 0.92, 1)).rgb();
    int bottom = Rgb.scale(top, between(rng, 0.9, 0.98));
    for (int y = 0; y < SIZE; y++) {
      java.util.Arrays.fill(rgb, y * SIZE, (y + 1) * SIZE, Rgb.mix(top, bottom, y / (double) SIZE));
    }

    double angle = 0;
    double scale = 1;
    boolean mirror = false;
    double dx = 0;
    double dy = 0;
    if (view > 0) {
      angle = Math.toRadians(between(rng, -12, 12));
      mirror = rng.nextBoolean();
      if (rng.nextInt(3) == 0) { // a close-up that crops the product
        scale = between(rng, 1.25, 1.5);
        dx = between(rng, -0.15, 0.15) * SIZE;
        dy = between(rng, -0.15, 0.15) * SIZE;
      } else {
        scale = between(rng, 0.72, 0.97);
      }
    }
    int longSide = (int) Math.round(SIZE * FILL * scale);
    Sprite sprite = SpriteRenderer.render(product.garment(), product.texture(), longSide);
    AffineTransform place = new AffineTransform();
    place.translate(SIZE / 2.0 + dx, SIZE / 2.0 + dy);
    place.rotate(angle);
    place.scale(mirror ? -1 : 1, 1);
    place.translate(-sprite.width() / 2.0, -sprite.height() / 2.0);

    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    AffineTransform shadowAt = new AffineTransform();
    shadowAt.translate(SIZE * 0.012, SIZE * 0.02);
    shadowAt.concatenate(place);
    g.drawImage(shadow(sprite), shadowAt, null);
    g.drawImage(sprite.image(), place, null);
    g.dispose();
    return image;
  }

  /** The sprite's silhouette, blurred and faint. */
  private static BufferedImage shadow(Sprite sprite) {
    int w = sprite.width();
    int h = sprite.height();
    byte[] alpha = new byte[w * h];
    int[] argb = sprite.argb();
    for (int i = 0; i < alpha.length; i++) {
      alpha[i] = (byte) (argb[i] >>> 24);
    }
    int[] blurred = SpriteRenderer.boxBlur(alpha, w, h, Math.max(1, w / 60));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < px.length; i++) {
      px[i] = ((blurred[i] * 70 / 255) << 24) | 0x202020;
    }
    return out;
  }
}
