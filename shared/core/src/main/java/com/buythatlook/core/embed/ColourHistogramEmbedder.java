package com.buythatlook.core.embed;

import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Embedder;
import java.util.List;

/**
 * The colour-histogram baseline: a centre-weighted, soft-binned HSV histogram, compared by the
 * Hellinger (Bhattacharyya) kernel.
 *
 * <ul>
 *   <li><b>Bins.</b> Chromatic pixels go to a joint hue × saturation × value histogram of {@value
 *       #HUE_BINS}×{@value #SAT_BINS}×{@value #VAL_BINS} bins; achromatic ones (greys, near-black,
 *       near-white: low chroma {@code max(R,G,B) − min(R,G,B)}) go to {@value #GREY_BINS}
 *       value-only bins instead, because their hue is noise — a white shirt under JPEG noise would
 *       otherwise smear across all hue bins. Pixels between the two are split by a linear ramp in
 *       chroma, so nothing jumps at a threshold.
 *   <li><b>Soft binning.</b> Each pixel is shared linearly between the two nearest bin centres
 *       along every axis (hue circularly), so a small shade change moves weight gradually instead
 *       of flipping a pixel into another bin. Products that differ only in shade are what makes
 *       this data hard; hard binning would make such pairs look either identical or unrelated.
 *   <li><b>Centre weighting.</b> Pixels are weighted by an Epanechnikov kernel over the image (1 at
 *       the centre, 0 at the inscribed ellipse's edge), as in kernel-based colour tracking: both a
 *       street crop and a shop photo have the garment in the middle and background at the corners,
 *       so the corners should count least.
 *   <li><b>Normalisation.</b> The histogram is normalised to sum 1, square-rooted and
 *       L2-normalised. The dot product of two such vectors is the Bhattacharyya coefficient of the
 *       histograms, which compares distributions better than the cosine of raw counts (it stops a
 *       few large bins from dominating), and it keeps the {@link Embedder} contract: cosine = dot
 *       product.
 * </ul>
 *
 * <p>Large images are sampled on a regular grid of at most about {@value #MAX_SAMPLES} pixels; a
 * histogram does not get better from more samples of the same colours. Stateless and thread-safe.
 */
public final class ColourHistogramEmbedder implements Embedder {
  static final int HUE_BINS = 8;
  static final int SAT_BINS = 4;
  static final int VAL_BINS = 4;
  static final int GREY_BINS = 8;
  static final int CHROMATIC_BINS = HUE_BINS * SAT_BINS * VAL_BINS;
  static final int DIMENSION = CHROMATIC_BINS + GREY_BINS;
  static final int MAX_SAMPLES = 1 << 16;

  /** Chroma (0..1) below which a pixel is all grey, and above which it is all colour. */
  private static final float GREY_CHROMA = 0.06f;

  private static final float COLOUR_CHROMA = 0.16f;

  /** The whole embedding: a histogram is CPU work with no model to batch for. */
  @Override
  public float[] prepare(RgbImage crop) {
    return embed(crop);
  }

  /** The prepared rows themselves: {@link #prepare} already gave the vectors. */
  @Override
  public float[][] embedPrepared(List<float[]> prepared) {
    return prepared.toArray(new float[0][]);
  }

  /** The embedding of one image: {@link #dimension()} floats of unit L2 norm. */
  public float[] embed(RgbImage image) {
    double[] hist = new double[DIMENSION];
    int w = image.width();
    int h = image.height();
    int step = (int) Math.ceil(Math.sqrt((double) w * h / MAX_SAMPLES));
    byte[] rgb = image.rgb();
    // Kernel over the ellipse inscribed in the image, measured from pixel centres.
    double cx = w / 2.0;
    double cy = h / 2.0;
    double total = 0;
    for (int y = step / 2; y < h; y += step) {
      double dy = (y + 0.5 - cy) / cy;
      for (int x = step / 2; x < w; x += step) {
        double dx = (x + 0.5 - cx) / cx;
        double k = 1 - (dx * dx + dy * dy);
        if (k <= 0) {
          continue;
        }
        int o = (y * w + x) * 3;
        addPixel(hist, rgb[o] & 0xFF, rgb[o + 1] & 0xFF, rgb[o + 2] & 0xFF, k);
        total += k;
      }
    }
    float[] v = new float[DIMENSION];
    if (total <= 0) {
      // Unreachable for any image of at least 1×1 (its centre pixel has weight > 0); kept so a
      // future change to the kernel cannot produce NaNs: all zeros is allowed by the contract.
      return v;
    }
    double norm = 0;
    for (int i = 0; i < DIMENSION; i++) {
      double s = Math.sqrt(hist[i] / total);
      v[i] = (float) s;
      norm += s * s;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < DIMENSION; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static void addPixel(double[] hist, int r, int g, int b, double weight) {
    int max = Math.max(r, Math.max(g, b));
    int min = Math.min(r, Math.min(g, b));
    float value = max / 255f;
    float chroma = (max - min) / 255f;
    float colour =
        Math.min(1f, Math.max(0f, (chroma - GREY_CHROMA) / (COLOUR_CHROMA - GREY_CHROMA)));
    if (colour < 1f) {
      addLinear(hist, CHROMATIC_BINS, GREY_BINS, value, weight * (1 - colour));
    }
    if (colour > 0f) {
      float hue = hue(r, g, b, max, max - min); // 0..1, circular
      float saturation = max == 0 ? 0 : (float) (max - min) / max;
      addJoint(hist, hue, saturation, value, weight * colour);
    }
  }

  /** Hue in [0, 1) from the usual hexcone formula; only called with max > min. */
  private static float hue(int r, int g, int b, int max, int delta) {
    float h;
    if (max == r) {
      h = (g - b) / (float) delta; // -1..1
    } else if (max == g) {
      h = 2 + (b - r) / (float) delta;
    } else {
      h = 4 + (r - g) / (float) delta;
    }
    h /= 6f;
    return h < 0 ? h + 1 : h;
  }

  /** Trilinear soft assignment into the joint histogram; hue wraps around, S and V clamp. */
  private static void addJoint(double[] hist, float hue, float sat, float val, double weight) {
    float ph = hue * HUE_BINS - 0.5f;
    int h0 = (int) Math.floor(ph);
    float fh = ph - h0;
    int h1 = Math.floorMod(h0 + 1, HUE_BINS);
    h0 = Math.floorMod(h0, HUE_BINS);

    float ps = clampPosition(sat * SAT_BINS - 0.5f, SAT_BINS);
    int s0 = (int) ps;
    float fs = ps - s0;
    int s1 = Math.min(s0 + 1, SAT_BINS - 1);

    float pv = clampPosition(val * VAL_BINS - 0.5f, VAL_BINS);
    int v0 = (int) pv;
    float fv = pv - v0;
    int v1 = Math.min(v0 + 1, VAL_BINS - 1);

    for (int a = 0; a < 2; a++) {
      int hb = a == 0 ? h0 : h1;
      double wh = a == 0 ? 1 - fh : fh;
      for (int c = 0; c < 2; c++) {
        int sb = c == 0 ? s0 : s1;
        double ws = wh * (c == 0 ? 1 - fs : fs);
        int base = (hb * SAT_BINS + sb) * VAL_BINS;
        hist[base + v0] += weight * ws * (1 - fv);
        hist[base + v1] += weight * ws * fv;
      }
    }
  }

  /**
   * Linear soft assignment of a value in [0, 1] into {@code bins} bins starting at {@code offset}.
   */
  private static void addLinear(double[] hist, int offset, int bins, float x, double weight) {
    float p = clampPosition(x * bins - 0.5f, bins);
    int b0 = (int) p;
    float f = p - b0;
    int b1 = Math.min(b0 + 1, bins - 1);
    hist[offset + b0] += weight * (1 - f);
    hist[offset + b1] += weight * f;
  }

  /** Bin-centre coordinate clamped to [0, bins − 1], so the edge bins take the tails. */
  private static float clampPosition(float p, int bins) {
    return Math.max(0f, Math.min(bins - 1f, p));
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public String name() {
    return "colour-histogram";
  }
}
