package com.buythatlook.cli.generate;

import java.util.SplittableRandom;

/**
 * Low-frequency random brightness variation (a coarse grid of random values, smoothly
 * interpolated): the mottling that makes walls, pavements and grass look like surfaces rather than
 * flat fills. Cheap enough to run over a whole photo.
 */
final class NoiseGrid {
  private final double[] values;
  private final int cell;
  private final int columns;

  NoiseGrid(SplittableRandom rng, int width, int height, int cell) {
    this.cell = cell;
    this.columns = width / cell + 2;
    int rows = height / cell + 2;
    this.values = new double[columns * rows];
    for (int i = 0; i < values.length; i++) {
      values[i] = rng.nextDouble() - 0.5;
    }
  }

  /** In [-0.5, 0.5]. */
  double at(int x, int y) {
    double gx = (double) x / cell;
    double gy = (double) y / cell;
    int ix = (int) gx;
    int iy = (int) gy;
    double tx = gx - ix;
    double ty = gy - iy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    int i = iy * columns + ix;
    double top = values[i] + (values[i + 1] - values[i]) * tx;
    double bottom = values[i + columns] + (values[i + columns + 1] - values[i + columns]) * tx;
    return top + (bottom - top) * ty;
  }

  /**
   * Multiplies the pixels of rows {@code [y0, y1)} by {@code 1 + amplitude × Σ noise}. Works a row
   * at a time: each grid is interpolated vertically once per row, then horizontally with
   * precomputed weights, and pixels are scaled in fixed point.
   */
  static void modulate(int[] rgb, int width, int y0, int y1, double amplitude, NoiseGrid... grids) {
    double[][] rows = new double[grids.length][];
    double[][] weights = new double[grids.length][width];
    int[][] cells = new int[grids.length][width];
    for (int k = 0; k < grids.length; k++) {
      rows[k] = new double[grids[k].columns];
      for (int x = 0; x < width; x++) {
        double gx = (double) x / grids[k].cell;
        int ix = (int) gx;
        double t = gx - ix;
        cells[k][x] = ix;
        weights[k][x] = t * t * (3 - 2 * t);
      }
    }
    for (int y = y0; y < y1; y++) {
      for (int k = 0; k < grids.length; k++) {
        grids[k].interpolateRow(y, rows[k]);
      }
      int row = y * width;
      for (int x = 0; x < width; x++) {
        double n = 0;
        for (int k = 0; k < grids.length; k++) {
          double[] r = rows[k];
          int ix = cells[k][x];
          n += r[ix] + (r[ix + 1] - r[ix]) * weights[k][x];
        }
        int f = (int) ((1 + amplitude * n) * 256);
        int p = rgb[row + x];
        int r = (((p >> 16) & 0xFF) * f) >> 8;
        int g = (((p >> 8) & 0xFF) * f) >> 8;
        int b = ((p & 0xFF) * f) >> 8;
        rgb[row + x] = (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | Math.min(255, b);
      }
    }
  }

  /** The grid's values interpolated (smoothly) to pixel row {@code y}, one per grid column. */
  private void interpolateRow(int y, double[] out) {
    double gy = (double) y / cell;
    int iy = (int) gy;
    double t = gy - iy;
    t = t * t * (3 - 2 * t);
    int base = iy * columns;
    for (int i = 0; i < columns; i++) {
      double a = values[base + i];
      out[i] = a + (values[base + columns + i] - a) * t;
    }
  }
}
