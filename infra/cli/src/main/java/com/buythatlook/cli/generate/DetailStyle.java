package com.buythatlook.cli.generate;

/** How a garment detail (seam, sole, buckle, lens…) is painted over the textured garment. */
enum DetailStyle {
  /** A thin dark line: seams, hems, pleats, laces. */
  SEAM,
  /** A wide faint dark line: folds. */
  FOLD,
  /** A translucent dark fill: buttons, pockets' shadows, eyelets. */
  SHADE,
  /** A translucent white fill: shine on lenses and leather. */
  HIGHLIGHT,
  /** An opaque off-white fill: sneaker soles. */
  SOLE,
  /** An opaque dark fill: boot and heel soles. */
  DARK_SOLE,
  /** An opaque brass fill: buckles, zips, clasps. */
  METAL,
  /** Tinted glass over the frame colour: the texture stays visible, darkened. */
  LENS
}
