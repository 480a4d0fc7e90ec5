package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every kernel and scan against a brute-force double-precision reference on random data. */
class TopKTest {

  private static final TopK FAST = TopK.create();
  private static final TopK SCALAR = TopK.scalar();

  @Test
  void theVectorKernelsAreInUseWhenTheModuleIsPresent() {
    // surefire runs with --add-modules jdk.incubator.vector
    assertThat(FAST.kernelName()).startsWith("vector-api");
    assertThat(SCALAR.kernelName()).isEqualTo("scalar");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 8, 13, 31, 32, 33, 64, 100, 255, 256, 257})
  void dotProductsMatchTheReferenceForAnyDimension(int dim) {
    SplittableRandom rnd = new SplittableRandom(dim);
    float[] a = randomRows(rnd, 3, dim, false);
    float[] b = randomRows(rnd, 1, dim, false);
    for (Kernels k : new Kernels[] {Kernels.best(), Kernels.scalar()}) {
      for (int r = 0; r < 3; r++) {
        assertThat((double) k.dot(a, r * dim, b, 0, dim))
            .as("%s dim %d", k.name(), dim)
            .isCloseTo(refDot(a, r * dim, b, dim), within(1e-4));
      }
    }
    byte[] a8 = new byte[dim];
    byte[] b8 = new byte[dim];
    int ref = 0;
    for (int i = 0; i < dim; i++) {
      a8[i] = (byte) (rnd.nextInt(255) - 127);
      b8[i] = (byte) (rnd.nextInt(255) - 127);
      ref += a8[i] * b8[i];
    }
    // the extremes too: -127 * -127 summed over every lane must not overflow a short
    assertThat(Kernels.best().dotInt8(a8, 0, b8, 0, dim)).isEqualTo(ref);
    byte[] min = new byte[dim];
    Arrays.fill(min, (byte) -127);
    assertThat(Kernels.best().dotInt8(min, 0, min, 0, dim)).isEqualTo(127 * 127 * dim);
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 37, 128})
  void exactSearchEqualsBruteForce(int dim) {
    SplittableRandom rnd = new SplittableRandom(11 + dim);
    int n = 3000;
    float[] rows = randomRows(rnd, n, dim, true);
    float[] q = randomRows(rnd, 1, dim, true);
    for (int k : new int[] {1, 6, 100}) {
      int[] expected = bruteForce(rows, n, dim, q, k, r -> true);
      assertThat(FAST.search(rows, n, dim, q, k, RowFilter.none()).rows()).containsExactly(expected);
      assertThat(SCALAR.search(rows, n, dim, q, k, RowFilter.none()).rows())
          .containsExactly(expected);
    }
  }

  @Test
  void scoresComeBestFirstAndAreTheCosines() {
    SplittableRandom rnd = new SplittableRandom(3);
    int dim = 40;
    float[] rows = randomRows(rnd, 500, dim, true);
    float[] q = randomRows(rnd, 1, dim, true);
    Hits hits = FAST.search(rows, 500, dim, q, 20, RowFilter.none());
    for (int i = 0; i < hits.size(); i++) {
      assertThat((double) hits.scores()[i])
          .isCloseTo(refDot(rows, hits.rows()[i] * dim, q, dim), within(1e-5));
      if (i > 0) {
        assertThat(hits.scores()[i]).isLessThanOrEqualTo(hits.scores()[i - 1]);
      }
    }
  }

  @Test
  void kLargerThanTheShardReturnsEveryRowAndAnEmptyShardReturnsNothing() {
    SplittableRandom rnd = new SplittableRandom(5);
    float[] rows = randomRows(rnd, 4, 9, true);
    float[] q = randomRows(rnd, 1, 9, true);
    assertThat(FAST.search(rows, 4, 9, q, 50, RowFilter.none()).rows())
        .containsExactly(bruteForce(rows, 4, 9, q, 4, r -> true));
    assertThat(FAST.search(new float[0], 0, 9, q, 6, RowFilter.none()).size()).isZero();
    assertThat(FAST.searchMany(new float[0], 0, 9, new float[][] {q}, 6, RowFilter.none())[0].size())
        .isZero();
    assertThat(FAST.search(rows, 4, 9, q, 0, RowFilter.none()).size()).isZero();
  }

  @Test
  void tiesGoToTheLowerRow() {
    float[] rows = {1, 0, 0, 1, 1, 0, 1, 0};
    Hits hits = FAST.search(rows, 4, 2, new float[] {1, 0}, 3, RowFilter.none());
    assertThat(hits.rows()).containsExactly(0, 2, 3);
  }

  @Test
  void filtersAreAppliedInsideTheScan() {
    SplittableRandom rnd = new SplittableRandom(8);
    int n = 2000;
    int dim = 24;
    float[] rows = randomRows(rnd, n, dim, true);
    float[] q = randomRows(rnd, 1, dim, true);
    float[] prices = new float[n];
    int[] brands = new int[n];
    for (int i = 0; i < n; i++) {
      prices[i] = (float) (rnd.nextDouble() * 200);
      brands[i] = rnd.nextInt(10);
    }
    boolean[] allowed = new boolean[10];
    allowed[2] = allowed[7] = true;
    RowFilter f = RowFilter.of(prices, 20, 80, brands, allowed);
    int[] expected =
        bruteForce(
            rows, n, dim, q, 10,
            r -> prices[r] >= 20 && prices[r] <= 80 && (brands[r] == 2 || brands[r] == 7));
    // k rows come back although most rows are filtered out
    assertThat(expected).hasSize(10);
    assertThat(FAST.search(rows, n, dim, q, 10, f).rows()).containsExactly(expected);
    assertThat(FAST.searchMany(rows, n, dim, new float[][] {q}, 10, f)[0].rows())
        .containsExactly(expected);
    Int8Rows rows8 = Int8Rows.quantize(rows, n, dim);
    assertThat(FAST.searchInt8(rows8, rows, n, dim, q, 10, f).rows()).containsExactly(expected);

    RowFilter nothing = RowFilter.of(prices, 500, 600, null, null);
    assertThat(FAST.search(rows, n, dim, q, 10, nothing).size()).isZero();
    assertThat(FAST.searchInt8(rows8, rows, n, dim, q, 10, nothing).size()).isZero();
  }

  @Test
  void multiQueryScanEqualsOneScanPerQuery() {
    SplittableRandom rnd = new SplittableRandom(21);
    int n = 1000;
    int dim = 70;
    float[] rows = randomRows(rnd, n, dim, true);
    float[][] qs = new float[9][];
    for (int i = 0; i < qs.length; i++) {
      qs[i] = randomRows(rnd, 1, dim, true);
    }
    Hits[] many = FAST.searchMany(rows, n, dim, qs, 15, RowFilter.none());
    for (int i = 0; i < qs.length; i++) {
      assertThat(many[i].rows()).containsExactly(bruteForce(rows, n, dim, qs[i], 15, r -> true));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 6, 20, 100})
  void int8PassWithReRankingHasFullRecallOnUnitVectors(int k) {
    SplittableRandom rnd = new SplittableRandom(99);
    int n = 20_000;
    int dim = 64;
    float[] rows = randomRows(rnd, n, dim, true);
    Int8Rows rows8 = Int8Rows.quantize(rows, n, dim);
    for (int t = 0; t < 5; t++) {
      float[] q = randomRows(rnd, 1, dim, true);
      int[] exact = FAST.search(rows, n, dim, q, k, RowFilter.none()).rows();
      assertThat(FAST.searchInt8(rows8, rows, n, dim, q, k, RowFilter.none()).rows())
          .containsExactly(exact);
      assertThat(SCALAR.searchInt8(rows8, rows, n, dim, q, k, RowFilter.none()).rows())
          .containsExactly(exact);
    }
  }

  @Test
  void aQueryOfTheWrongDimensionIsRefused() {
    assertThatThrownBy(() -> FAST.search(new float[8], 2, 4, new float[3], 1, RowFilter.none()))
        .hasMessageContaining("query has 3 dimensions; the index has 4");
  }

  static float[] randomRows(SplittableRandom rnd, int n, int dim, boolean normalise) {
    float[] out = new float[n * dim];
    for (int r = 0; r < n; r++) {
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        double g = rnd.nextDouble() * 2 - 1;
        out[r * dim + j] = (float) g;
        norm += g * g;
      }
      if (normalise) {
        for (int j = 0; j < dim; j++) {
          out[r * dim + j] /= (float) Math.sqrt(norm);
        }
      }
    }
    return out;
  }

  private static double refDot(float[] a, int off, float[] b, int dim) {
    double s = 0;
    for (int j = 0; j < dim; j++) {
      s += (double) a[off + j] * b[j];
    }
    return s;
  }

  private static int[] bruteForce(
      float[] rows, int n, int dim, float[] q, int k, java.util.function.IntPredicate keep) {
    return IntStream.range(0, n)
        .filter(keep)
        .boxed()
        .sorted(
            Comparator.comparingDouble((Integer r) -> -refDot(rows, r * dim, q, dim))
                .thenComparingInt(r -> r))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
