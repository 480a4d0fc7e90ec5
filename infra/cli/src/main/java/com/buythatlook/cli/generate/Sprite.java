package com.buythatlook.cli.generate;

import java.awt.image.BufferedImage;

/**
 * A product drawn flat at one resolution: non-premultiplied ARGB pixels with a transparent border
 * of at least two pixels (so bilinear sampling fades to nothing at the edge), and where its pixels
 * lie in body units.
 *
 * @param scale pixels per body unit
 * @param originX the body-unit point at the sprite's pixel corner (0, 0)
 */
record Sprite(
    BufferedImage image,
    int[] argb,
    int width,
    int height,
    double scale,
    double originX,
    double originY) {

  /** Sprite pixel coordinates → body units. */
  Homography spriteToBody() {
    return Homography.affine(1 / scale, 0, originX, 0, 1 / scale, originY);
  }
}
