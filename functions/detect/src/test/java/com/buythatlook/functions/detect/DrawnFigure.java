package com.buythatlook.functions.detect;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A person drawn with a handful of shapes (red top, navy trousers, black shoes) on a plain
 * background: enough for the bundled detector to find a top and trousers with high scores, and no
 * data set file in the repository.
 */
final class DrawnFigure {
  static final int WIDTH = 480;
  static final int HEIGHT = 640;

  private DrawnFigure() {}

  static byte[] jpeg() {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(200, 200, 190));
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(new Color(230, 190, 160));
    g.fillOval(205, 40, 70, 85);
    g.setColor(new Color(180, 30, 40));
    g.fillRoundRect(160, 130, 160, 190, 30, 30);
    g.fillRect(130, 140, 35, 150);
    g.fillRect(315, 140, 35, 150);
    g.setColor(new Color(30, 40, 110));
    g.fillRect(170, 320, 65, 230);
    g.fillRect(245, 320, 65, 230);
    g.setColor(Color.BLACK);
    g.fillRoundRect(160, 550, 80, 30, 15, 15);
    g.fillRoundRect(240, 550, 80, 30, 15, 15);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
