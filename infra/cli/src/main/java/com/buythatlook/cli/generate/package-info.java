/**
 * {@code btl generate}: a synthetic data set in street2shop's layout, hard enough that colour alone
 * cannot retrieve products.
 *
 * <p><b>Catalogue.</b> Products come in families ({@link
 * com.buythatlook.cli.generate.ProductFamily}): one garment shape, a grid of patterns × hue shifts
 * (within 24°) of one palette. Families of a category are grouped three or so to a palette, each
 * taking different patterns. A product's texture (pattern + two colours) is what identifies it. One
 * hue column of every family is the test split, so test products share colours with several others
 * and differ from them only in pattern.
 *
 * <p><b>Photos.</b> A product is drawn as a sprite from its garment shape (defined in the body
 * units of {@link com.buythatlook.cli.generate.Figure}) and its texture. Shop photos show it alone
 * on a light background (extra views turned, scaled, cropped, mirrored). Street photos put 1–3
 * people in a scene and warp each worn sprite onto its place on the body through the person's
 * homography; an owner map records which item each pixel shows, which gives exact visible boxes and
 * keeps occlusion of every annotated item within 30 %.
 *
 * <p><b>Determinism.</b> Every family, product and photo draws from its own random stream derived
 * from (seed, index) ({@link com.buythatlook.cli.generate.Seeds}); images are rendered in parallel
 * and rows written in index order, so output bytes do not depend on the thread count.
 */
package com.buythatlook.cli.generate;
