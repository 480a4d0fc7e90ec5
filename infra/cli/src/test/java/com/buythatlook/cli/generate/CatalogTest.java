package com.buythatlook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.dataset.Split;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogTest {
  private final Catalog catalog = Catalog.plan(42, 90);

  @Test
  void numbersProductsFromOneWithTheRequestedCountPerCategory() {
    assertThat(catalog.productCount()).isEqualTo(990);
    for (Category c : Category.values()) {
      long[] train = catalog.productIds(c, Split.TRAIN);
      long[] test = catalog.productIds(c, Split.TEST);
      assertThat(train.length + test.length).isEqualTo(90);
      for (long id : train) {
        assertThat(catalog.product(id).category()).isEqualTo(c);
        assertThat(catalog.product(id).split()).isEqualTo(Split.TRAIN);
      }
      for (long id : test) {
        assertThat(catalog.product(id).split()).isEqualTo(Split.TEST);
      }
    }
    assertThatThrownBy(() -> catalog.product(991)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void holdsOutAboutThirtyPercentForTest() {
    for (Category c : Category.values()) {
      double share = catalog.productIds(c, Split.TEST).length / 90.0;
      assertThat(share).as(c.wireName()).isBetween(0.22, 0.36);
    }
  }

  @Test
  void familyColumnsShareColoursAndDifferInPattern() {
    for (ProductFamily f : catalog.families()) {
      for (int col = 0; col < f.columns(); col++) {
        List<ProductSpec> column = new ArrayList<>();
        for (long id = f.firstProductId() + col; id <= f.lastProductId(); id += f.columns()) {
          column.add(catalog.product(id));
        }
        Set<Pattern> patterns = new HashSet<>();
        for (ProductSpec p : column) {
          assertThat(p.garment()).isEqualTo(f.garment());
          assertThat(p.texture().primary()).isEqualTo(column.get(0).texture().primary());
          assertThat(p.texture().secondary()).isEqualTo(column.get(0).texture().secondary());
          patterns.add(p.texture().pattern());
        }
        assertThat(patterns).hasSameSizeAs(column);
      }
    }
  }

  @Test
  void theColourVariantsOfAFamilyRowShareAGroupAndNothingElseDoes() {
    java.util.Map<String, java.util.Set<String>> keysByGroup = new java.util.HashMap<>();
    for (long id = 1; id <= catalog.productCount(); id++) {
      ProductSpec p = catalog.product(id);
      assertThat(p.group()).isNotBlank();
      // what may differ inside a group is the colour (and the price); the rest is the same item
      keysByGroup
          .computeIfAbsent(p.group(), g -> new java.util.HashSet<>())
          .add(
              p.category()
                  + "|"
                  + p.garment()
                  + "|"
                  + p.brand()
                  + "|"
                  + p.texture().pattern().kind()
                  + "|"
                  + p.title().substring(p.colour().length()));
    }
    assertThat(keysByGroup.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
    // rows of several products exist, so groups do bundle variants
    assertThat((long) keysByGroup.size()).isLessThan(catalog.productCount()).isGreaterThan(90);
    ProductFamily f = catalog.families().get(0);
    if (f.size() > f.columns()) {
      assertThat(catalog.product(f.firstProductId()).group())
          .as("rows are different groups")
          .isNotEqualTo(catalog.product(f.firstProductId() + f.columns()).group());
      assertThat(catalog.product(f.firstProductId()).group())
          .isEqualTo(catalog.product(f.firstProductId() + 1).group());
    }
  }

  @Test
  void familyRowsSharePatternAndDifferInHueByAtMost25Degrees() {
    for (ProductFamily f : catalog.families()) {
      double[] shifts = f.hueShifts();
      assertThat(shifts[shifts.length - 1] - shifts[0]).isLessThanOrEqualTo(25);
      long rowStart = f.firstProductId();
      List<ProductSpec> row = new ArrayList<>();
      for (long id = rowStart; id < rowStart + Math.min(f.columns(), f.size()); id++) {
        row.add(catalog.product(id));
      }
      Set<Integer> primaries = new HashSet<>();
      for (ProductSpec p : row) {
        assertThat(p.texture().pattern()).isSameAs(row.get(0).texture().pattern());
        primaries.add(p.texture().primary());
      }
      assertThat(primaries).hasSameSizeAs(row);
    }
  }

  @Test
  void testProductsOfACategoryShareColoursWithOtherTestProducts() {
    // colour alone must not identify a product: most test products have a near-twin in colour
    for (Category c : Category.values()) {
      long[] test = catalog.productIds(c, Split.TEST);
      int withTwin = 0;
      for (long a : test) {
        for (long b : test) {
          if (a != b
              && distance(
                      catalog.product(a).texture().primary(),
                      catalog.product(b).texture().primary())
                  < 30) {
            withTwin++;
            break;
          }
        }
      }
      assertThat(withTwin).as(c.wireName()).isGreaterThanOrEqualTo(test.length * 3 / 4);
    }
  }

  @Test
  void isAFunctionOfTheSeed() {
    Catalog again = Catalog.plan(42, 90);
    Catalog other = Catalog.plan(43, 90);
    int differences = 0;
    for (long id = 1; id <= 990; id += 7) {
      ProductSpec a = catalog.product(id);
      ProductSpec b = again.product(id);
      assertThat(b.title()).isEqualTo(a.title());
      assertThat(b.texture().primary()).isEqualTo(a.texture().primary());
      assertThat(b.shopPhotoCount()).isEqualTo(a.shopPhotoCount());
      assertThat(b.price()).isEqualTo(a.price());
      if (!other.product(id).title().equals(a.title())) {
        differences++;
      }
    }
    assertThat(differences).isGreaterThan(50);
  }

  @Test
  void tinyCatalogueStillHasTrainAndTestInEveryCategory() {
    Catalog tiny = Catalog.plan(1, 3);
    for (Category c : Category.values()) {
      assertThat(tiny.productIds(c, Split.TRAIN)).hasSize(2);
      assertThat(tiny.productIds(c, Split.TEST)).hasSize(1);
    }
    assertThat(tiny.shopPhotoCount()).isBetween(33L, 132L);
  }

  private static double distance(int a, int b) {
    int dr = Rgb.red(a) - Rgb.red(b);
    int dg = Rgb.green(a) - Rgb.green(b);
    int db = Rgb.blue(a) - Rgb.blue(b);
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }
}
