package com.buythatlook.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.catalog.Category;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ready class maps of DeepFashion2 and Fashionpedia, and the keyword fallback. */
class FashionClassesTest {

  @Test
  void deepFashion2sThirteenClassesInBothSpellings() {
    assertThat(FashionClasses.DEEPFASHION2).hasSize(13);
    assertThat(FashionClasses.categoryOf("short_sleeved_shirt")).contains(Category.TOPS);
    assertThat(FashionClasses.categoryOf("long sleeve outwear")).contains(Category.OUTERWEAR);
    assertThat(FashionClasses.categoryOf("trousers")).contains(Category.PANTS);
    assertThat(FashionClasses.categoryOf("vest_dress")).contains(Category.DRESSES);
    assertThat(FashionClasses.categoryOf("sling")).contains(Category.TOPS);
    assertThat(FashionClasses.deepFashion2(13)).contains(Category.DRESSES);
    assertThat(FashionClasses.deepFashion2(0)).isEmpty();
    assertThat(
            FashionClasses.recognise(
                List.of(
                    "short_sleeved_shirt",
                    "long_sleeved_shirt",
                    "short_sleeved_outwear",
                    "long_sleeved_outwear",
                    "vest",
                    "sling",
                    "shorts",
                    "trousers",
                    "skirt",
                    "short_sleeved_dress",
                    "long_sleeved_dress",
                    "vest_dress",
                    "sling_dress")))
        .isEqualTo(FashionClasses.Known.DEEPFASHION2);
  }

  @Test
  void fashionpediaGarmentsMapAndItsPartsDoNot() {
    assertThat(FashionClasses.FASHIONPEDIA).hasSize(46);
    assertThat(FashionClasses.recognise(FashionClasses.FASHIONPEDIA))
        .isEqualTo(FashionClasses.Known.FASHIONPEDIA);
    long mapped =
        FashionClasses.FASHIONPEDIA.stream()
            .filter(n -> FashionClasses.categoryOf(n).isPresent())
            .count();
    assertThat(mapped).isEqualTo(18);
    assertThat(FashionClasses.categoryOf("tights, stockings")).contains(Category.LEGGINGS);
    assertThat(FashionClasses.categoryOf("bag, wallet")).contains(Category.BAGS);
    assertThat(FashionClasses.categoryOf("sleeve")).isEmpty();
    assertThat(FashionClasses.categoryOf("hood")).as("a part, not a hat").isEmpty();
  }

  @Test
  void catalogNamesAndKeywordsForOtherLists() {
    assertThat(FashionClasses.categoryOf("bags")).contains(Category.BAGS);
    assertThat(FashionClasses.categoryOf("top")).contains(Category.TOPS);
    assertThat(FashionClasses.categoryOf("Ankle-Boots")).contains(Category.FOOTWEAR);
    assertThat(FashionClasses.categoryOf("denim jeans")).contains(Category.PANTS);
    assertThat(FashionClasses.categoryOf("person")).isEqualTo(Optional.empty());
    assertThat(FashionClasses.recognise(List.of("tops", "skirts")))
        .isEqualTo(FashionClasses.Known.CATALOG);
    assertThat(FashionClasses.recognise(List.of("person", "tops")))
        .isEqualTo(FashionClasses.Known.NONE);
  }
}
