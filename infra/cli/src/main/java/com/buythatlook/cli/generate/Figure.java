package com.buythatlook.cli.generate;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The body frame every person and garment is drawn in: a front-facing standing figure, 100 units
 * from the top of the head ({@code y = 0}) to the soles ({@code y = 100}), centred on {@code x =
 * 0}, arms hanging slightly away from the body. Garments are defined in the same units, so they fit
 * any person by construction; a person's own homography then puts the whole figure into a photo.
 */
final class Figure {
  /** A rectangle that holds the figure and everything it can wear or carry. */
  static final Rectangle2D FRAME = new Rectangle2D.Double(-30, -6, 60, 112);

  /** How a body part is coloured. */
  enum Role {
    SKIN,
    SKIN_SHADOW,
    HAIR,
    FEATURE
  }

  enum HairStyle {
    SHORT,
    LONG,
    BUN,
    CROPPED
  }

  /** A body part, in drawing order. */
  record Part(Shape shape, Role role) {}

  private static final Map<HairStyle, List<Part>> PARTS = new EnumMap<>(HairStyle.class);

  static {
    for (HairStyle h : HairStyle.values()) {
      PARTS.put(h, List.copyOf(build(h)));
    }
  }

  private Figure() {}

  /** The body's parts in painting order (built once per hair style: shapes are shared). */
  static List<Part> parts(HairStyle hair) {
    return PARTS.get(hair);
  }

  private static List<Part> build(HairStyle hair) {
    List<Part> parts = new ArrayList<>();
    if (hair == HairStyle.LONG) {
      parts.add(new Part(Shapes.roundRect(-6.3, 1.5, 6.3, 24.5, 4.2), Role.HAIR));
    }
    if (hair == HairStyle.BUN) {
      parts.add(new Part(Shapes.ellipse(0, -0.9, 2.7, 2.5), Role.HAIR));
    }
    Shape rightLeg =
        Shapes.polygon(
            0.5, 49.5, 6.0, 47.0, 11.3, 47.5, 10.6, 58, 9.6, 68, 8.9, 73, 7.8, 84, 6.9, 93.8, 3.5,
            93.8, 3.0, 84, 2.4, 73, 1.6, 62, 0.4, 53);
    parts.add(new Part(rightLeg, Role.SKIN));
    parts.add(new Part(Shapes.mirror(rightLeg), Role.SKIN));
    Shape rightFoot =
        Shapes.union(Shapes.ellipse(7.4, 97.2, 4.0, 2.5), Shapes.rect(3.6, 92.5, 6.9, 96.5));
    parts.add(new Part(rightFoot, Role.SKIN_SHADOW));
    parts.add(new Part(Shapes.mirror(rightFoot), Role.SKIN_SHADOW));
    parts.add(
        new Part(
            Shapes.symmetric(
                0, 16.0, 3.0, 16.2, 9.5, 17.0, 12.3, 18.4, 12.0, 22.0, 10.9, 27.5, 9.4, 34, 9.2, 40,
                10.4, 44, 11.3, 48, 11.2, 51.5, 0, 51.5),
            Role.SKIN));
    parts.add(new Part(Shapes.rect(-2.2, 10.5, 2.2, 17.5), Role.SKIN_SHADOW));
    Area rightArm =
        Shapes.union(
            Shapes.stroke(Shapes.polyline(11.4, 19.8, 15.0, 34.0), 4.6),
            Shapes.stroke(Shapes.polyline(15.0, 34.0, 17.0, 49.5), 3.8),
            Shapes.ellipse(17.8, 52.8, 2.0, 3.2));
    parts.add(new Part(rightArm, Role.SKIN));
    parts.add(new Part(Shapes.mirror(rightArm), Role.SKIN));
    parts.add(new Part(Shapes.ellipse(0, 6.5, 5.0, 6.5), Role.SKIN));
    Area cap = Shapes.minus(Shapes.ellipse(0, 5.4, 5.5, 6.4), Shapes.ellipse(0, 8.8, 4.7, 6.1));
    if (hair == HairStyle.CROPPED) {
      cap = Shapes.minus(Shapes.ellipse(0, 5.8, 5.2, 6.2), Shapes.ellipse(0, 8.4, 4.9, 6.9));
    }
    if (hair == HairStyle.LONG) {
      cap.add(new Area(Shapes.rect(-5.6, 5, -4.4, 14)));
      cap.add(new Area(Shapes.rect(4.4, 5, 5.6, 14)));
    }
    parts.add(new Part(cap, Role.HAIR));
    parts.add(new Part(Shapes.ellipse(-2.1, 6.5, 0.55, 0.42), Role.FEATURE));
    parts.add(new Part(Shapes.ellipse(2.1, 6.5, 0.55, 0.42), Role.FEATURE));
    parts.add(new Part(Shapes.ellipse(0, 10.4, 1.3, 0.38), Role.FEATURE));
    return parts;
  }
}
