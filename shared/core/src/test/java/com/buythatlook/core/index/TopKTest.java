package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  @ValueSource(ints = {1, 3, 7, 8, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 257})
  void dotProductsMatchTheReferenceForAnyDimension(int dim) {
    SplittableRandom rnd = new SplittableRandom(dim);
    // 11 rows: the 4-row and 2-row passes plus their leftover rows; start at row 2 of the array
    int n = 11;
    float[] a = randomRows(rnd, n + 2, dim, false);
    float[] b = randomRows(rnd, 1, dim, false);
    for (Kernels k : new Kernels[] {Kernels.best(), Kernels.scalar()}) {
      float[] out = new float[n];
      k.dots(a, 2, n, dim, b, out);
      for (int r = 0; r < n; r++) {
        double ref = refDot(a, (r + 2) * dim, b, dim);
        assertThat((double) k.dot(a, (r + 2) * dim, b, 0, dim))
            .as("%s dot dim %d", k.name(), dim)
            .isCloseTo(ref, within(1e-4));
        assertThat((double) out[r])
            .as("%s dots dim %d row %d", k.name(), dim, r)
            .isCloseTo(ref, within(1e-4));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 31, 32, 33, 63, 64, 65, 100, 255, 256, 257, 1000})
  void int8DotProductsAreExactForAnyDimensionAndExtremeValues(int dim) {
    SplittableRandom rnd = new SplittableRandom(1000 + dim);
    int n = 7; // three 2-row passes and a leftover row
    byte[] rows = new byte[(n + 1) * dim];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (byte) (rnd.nextInt(256) - 128); // stored shards may hold -128
    }
    byte[] q = new byte[dim];
    for (int i = 0; i < dim; i++) {
      q[i] = (byte) (rnd.nextInt(255) - 127);
    }
    // row 5 is all -128 and row 6 all +127 against a query of ±127: the largest products
    byte[] extreme = new byte[dim];
    for (int i = 0; i < dim; i++) {
      rows[(1 + 5) * dim + i] = Byte.MIN_VALUE;
      rows[(1 + 6) * dim + i] = Byte.MAX_VALUE;
      extreme[i] = (byte) (i % 3 == 0 ? 127 : -127);
    }
    for (byte[] query : new byte[][] {q, extreme}) {
      Int8Query q8 = Int8Query.ofBytes(query);
      for (Kernels k : new Kernels[] {Kernels.best(), Kernels.scalar()}) {
        int[] out = new int[n];
        k.dotsInt8(rows, 1, n, dim, q8, out);
        for (int r = 0; r < n; r++) {
          int ref = 0;
          for (int i = 0; i < dim; i++) {
            ref += rows[(r + 1) * dim + i] * query[i];
          }
          assertThat(out[r]).as("%s dim %d row %d", k.name(), dim, r).isEqualTo(ref);
        }
      }
    }
  }

  @Test
  void int8QueriesStayWithinPlusMinus127() {
    Int8Query q = Int8Query.of(new float[] {-1f, 0.5f, 1f, 0f, -0.999f});
    assertThat(q.bytes()).containsExactly(-127, 64, 127, 0, -127);
    assertThat(Int8Query.of(new float[3]).bytes()).containsExactly(0, 0, 0);
    assertThatThrownBy(() -> Int8Query.ofBytes(new byte[] {1, Byte.MIN_VALUE}))
        .isInstanceOf(IllegalArgumentException.class);
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
      assertThat(FAST.search(rows, n, dim, q, k, RowFilter.none()).rows())
          .containsExactly(expected);
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
    assertThat(
            FAST.searchMany(new float[0], 0, 9, new float[][] {q}, 6, RowFilter.none())[0].size())
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
            rows,
            n,
            dim,
            q,
            10,
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
