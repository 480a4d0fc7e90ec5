package com.buythatlook.cli.photo;

import com.buythatlook.cli.pictures.Images;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Detection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws what {@code btl look} found: the photo, scaled to {@value #MIN_PHOTO}..{@value #MAX_PHOTO}
 * pixels on its long side so that labels stay legible, with each kept item's box and label, and the
 * item crops in columns on the right, numbered as in the printed list.
 */
public final class LookPicture {

  static final int MAX_PHOTO = 1024;
  static final int MIN_PHOTO = 480;
  private static final int THUMB = 160;
  private static final int CAPTION = 22;
  private static final int GAP = 12;
  private static final Color BACKGROUND = new Color(0x20, 0x22, 0x26);

  /** One colour per category, far enough apart to tell boxes apart on a busy photo. */
  private static final Color[] PALETTE = {
    new Color(0xE6194B), new Color(0x3CB44B), new Color(0xFFE119), new Color(0x4363D8),
    new Color(0xF58231), new Color(0x911EB4), new Color(0x46F0F0), new Color(0xF032E6),
    new Color(0xBCF60C), new Color(0xFABEBE), new Color(0xAAFFC3)
  };

  private LookPicture() {}

  static Color colourOf(Category c) {
    return PALETTE[c.ordinal() % PALETTE.length];
  }

  public static BufferedImage draw(RgbImage photo, List<Detection> items, List<RgbImage> crops) {
    int longSide = Math.max(photo.width(), photo.height());
    double scale =
        Math.max(
            Math.min(1.0, MAX_PHOTO / (double) longSide),
            Math.min(MIN_PHOTO, MAX_PHOTO) / (double) longSide);
    int pw = Math.max(1, (int) Math.round(photo.width() * scale));
    int ph = Math.max(1, (int) Math.round(photo.height() * scale));
    int cell = THUMB + CAPTION;
    int perColumn = Math.max(1, (ph + GAP) / (cell + GAP));
    int columns = crops.isEmpty() ? 0 : (crops.size() + perColumn - 1) / perColumn;
    int width = GAP + pw + GAP + columns * (THUMB + GAP);
    int height = Math.max(ph, Math.min(crops.size(), perColumn) * (cell + GAP) - GAP) + 2 * GAP;

    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(BACKGROUND);
      g.fillRect(0, 0, width, height);
      g.drawImage(Images.toBuffered(photo), GAP, GAP, pw, ph, null);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.setStroke(new BasicStroke(3f));
      List<Rectangle> labels = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Detection d = items.get(i);
        Box b = d.box();
        int x = GAP + (int) Math.round(b.left() * scale);
        int y = GAP + (int) Math.round(b.top() * scale);
        int w = (int) Math.round(b.width() * scale);
        int h = (int) Math.round(b.height() * scale);
        g.setColor(colourOf(d.category()));
        g.drawRect(x, y, w, h);
        label(g, (i + 1) + " " + describe(d), x, y, colourOf(d.category()), labels);
      }
      for (int i = 0; i < crops.size(); i++) {
        int col = i / perColumn;
        int row = i % perColumn;
        int x0 = GAP + pw + GAP + col * (THUMB + GAP);
        int y0 = GAP + row * (cell + GAP);
        thumbnail(g, crops.get(i), x0, y0);
        Detection d = items.get(i);
        g.setColor(colourOf(d.category()));
        g.drawString((i + 1) + " " + describe(d), x0, y0 + THUMB + CAPTION - 6);
      }
    } finally {
      g.dispose();
    }
    return canvas;
  }

  static String describe(Detection d) {
    return d.category().wireName() + " " + String.format(Locale.ROOT, "%.2f", d.score());
  }

  /**
   * A filled tag above the box (inside it when the box touches the top edge), moved down past
   * earlier tags so that items with the same box (a top and a dress) stay readable.
   */
  private static void label(
      Graphics2D g, String text, int x, int y, Color colour, List<Rectangle> taken) {
    FontMetrics fm = g.getFontMetrics();
    Rectangle r = new Rectangle(x, 0, fm.stringWidth(text) + 8, fm.getHeight() + 2);
    r.y = y - r.height >= 0 ? y - r.height : y;
    for (int tries = 0; tries < taken.size() && overlapsAny(r, taken); tries++) {
      r.y += r.height;
    }
    taken.add(r);
    g.setColor(colour);
    g.fillRect(r.x, r.y, r.width, r.height);
    g.setColor(Color.BLACK);
    g.drawString(text, r.x + 4, r.y + fm.getAscent() + 1);
  }

  private static boolean overlapsAny(Rectangle r, List<Rectangle> others) {
    for (Rectangle o : others) {
      if (o.intersects(r)) {
        return true;
      }
    }
    return false;
  }

  /** The crop scaled to fit THUMB × THUMB, centred in its cell. */
  private static void thumbnail(Graphics2D g, RgbImage crop, int x0, int y0) {
    double s = Math.min(THUMB / (double) crop.width(), THUMB / (double) crop.height());
    int w = Math.max(1, (int) Math.round(crop.width() * s));
    int h = Math.max(1, (int) Math.round(crop.height() * s));
    g.drawImage(Images.toBuffered(crop), x0 + (THUMB - w) / 2, y0 + (THUMB - h) / 2, w, h, null);
  }
}
