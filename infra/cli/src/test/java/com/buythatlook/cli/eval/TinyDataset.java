package com.buythatlook.cli.eval;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.DatasetWriter;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.dataset.ShopPhoto;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.geometry.Box;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A data set small enough to reason about, written with the real {@link DatasetWriter}: solid
 * colour shop photos and grey street photos with solid colour garments at known boxes, so that a
 * colour histogram must retrieve every product first.
 *
 * <pre>
 * test split  photo 100: top  1 (red)   + pants 4 (yellow)
 *             photo 101: top  2 (green) + pants 5 (magenta)
 *             photo 102: top  3 (blue)  + pants 4 (yellow)
 * train split photo 200: top  6 (cyan)
 * shop photos 1001 + 1002 (both red, product 1), 2001, 3001, 4001, 5001, 6001
 * </pre>
 *
 * Test-split galleries: tops {1001, 1002, 2001, 3001}, pants {4001, 5001}; 6001 belongs to a
 * train-only product and stays out.
 */
final class TinyDataset {
  static final Color RED = new Color(200, 30, 30);
  static final Color GREEN = new Color(30, 170, 40);
  static final Color BLUE = new Color(30, 50, 210);
  static final Color YELLOW = new Color(230, 210, 20);
  static final Color MAGENTA = new Color(200, 30, 200);
  static final Color CYAN = new Color(20, 200, 210);

  static final Box TOP_BOX = new Box(30, 20, 60, 70);
  static final Box PANTS_BOX = new Box(110, 100, 50, 90);

  private TinyDataset() {}

  static Path write(Path root) throws IOException {
    try (DatasetWriter w = new DatasetWriter(root)) {
      shop(w, 1001, 1, Category.TOPS, RED);
      shop(w, 1002, 1, Category.TOPS, RED);
      shop(w, 2001, 2, Category.TOPS, GREEN);
      shop(w, 3001, 3, Category.TOPS, BLUE);
      shop(w, 4001, 4, Category.PANTS, YELLOW);
      shop(w, 5001, 5, Category.PANTS, MAGENTA);
      shop(w, 6001, 6, Category.TOPS, CYAN);

      street(w, Split.TEST, 100, 1, RED, 4, YELLOW);
      street(w, Split.TEST, 101, 2, GREEN, 5, MAGENTA);
      street(w, Split.TEST, 102, 3, BLUE, 4, YELLOW);
      street(w, Split.TRAIN, 200, 6, CYAN, -1, null);
    }
    return root;
  }

  private static void shop(DatasetWriter w, long photoId, long product, Category c, Color colour)
      throws IOException {
    BufferedImage img = new BufferedImage(60, 80, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, 60, 80);
    g.dispose();
    Path file = Layout.imageFile(w.root(), photoId, "png");
    ImageIO.write(img, "png", file.toFile());
    w.localPhoto(photoId, file);
    w.shopPhoto(new ShopPhoto(photoId, product, c));
  }

  private static void street(
      DatasetWriter w,
      Split split,
      long photoId,
      long top,
      Color topColour,
      long pants,
      Color pantsColour)
      throws IOException {
    BufferedImage img = new BufferedImage(200, 220, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, 200, 220);
    fill(g, TOP_BOX, topColour);
    w.pair(split, new StreetItem(photoId, top, Category.TOPS, TOP_BOX, null));
    if (pantsColour != null) {
      fill(g, PANTS_BOX, pantsColour);
      w.pair(split, new StreetItem(photoId, pants, Category.PANTS, PANTS_BOX, null));
    }
    g.dispose();
    Path file = Layout.imageFile(w.root(), photoId, "png");
    ImageIO.write(img, "png", file.toFile());
    w.localPhoto(photoId, file);
  }

  private static void fill(Graphics2D g, Box b, Color c) {
    g.setColor(c);
    g.fillRect((int) b.left(), (int) b.top(), (int) b.width(), (int) b.height());
  }
}
