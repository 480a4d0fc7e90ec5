package com.buythatlook.vision.detect;

import com.buythatlook.core.geometry.Box;
import com.buythatlook.core.geometry.RunLengthMask;
import com.buythatlook.vision.onnx.InputTransform;
import java.util.Arrays;

/**
 * Renders a probability grid into a photo-sized binary mask: a photo pixel is set when its centre
 * lies inside the detection's box and the grid, sampled bilinearly at the point the pixel centre
 * maps to in the network input, exceeds 0.5. Sampling straight from the photo pixel avoids
 * materialising the mask at input size and then resizing it; only pixels inside the box are
 * visited, and the run-length encoding is built column by column as COCO wants.
 */
final class MaskRenderer {

  private static final float THRESHOLD = 0.5f;

  private MaskRenderer() {}

  static RunLengthMask render(
      ProbabilityGrid grid, Box box, InputTransform t, int inputWidth, int inputHeight) {
    int w = t.sourceWidth();
    int h = t.sourceHeight();
    int x0 = clamp((int) Math.ceil(box.left() - 0.5), w);
    int x1 = Math.max(x0, clamp((int) Math.ceil(box.right() - 0.5), w));
    int y0 = clamp((int) Math.ceil(box.top() - 0.5), h);
    int y1 = Math.max(y0, clamp((int) Math.ceil(box.bottom() - 0.5), h));
    double gx = grid.width() / (double) inputWidth;
    double gy = grid.height() / (double) inputHeight;
    float[] v = new float[y1 - y0];
    for (int y = y0; y < y1; y++) {
      v[y - y0] = (float) (t.toInputY(y + 0.5) * gy - 0.5);
    }
    Runs runs = new Runs();
    runs.add(false, (long) x0 * h);
    for (int x = x0; x < x1; x++) {
      float u = (float) (t.toInputX(x + 0.5) * gx - 0.5);
      runs.add(false, y0);
      for (int y = y0; y < y1; y++) {
        runs.add(grid.sample(u, v[y - y0]) > THRESHOLD, 1);
      }
      runs.add(false, h - y1);
    }
    runs.add(false, (long) (w - x1) * h);
    return new RunLengthMask(w, h, runs.finish());
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  /** Run lengths alternating 0s and 1s, starting with 0s. */
  private static final class Runs {
    private int[] counts = new int[16];
    private int size;
    private boolean current;
    private long run;

    void add(boolean value, long n) {
      if (n <= 0) {
        return;
      }
      if (value != current) {
        push();
        current = value;
        run = 0;
      }
      run += n;
    }

    private void push() {
      if (size == counts.length) {
        counts = Arrays.copyOf(counts, size * 2);
      }
      counts[size++] = Math.toIntExact(run);
    }

    int[] finish() {
      push();
      return Arrays.copyOf(counts, size);
    }
  }
}
