package com.buythatlook.core.look;

import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.geometry.Box;
import java.util.Objects;

/**
 * One fashion item found in a look's photo.
 *
 * @param itemNo 0-based, stable: the crop is {@code crops/{lookId}/{itemNo}.jpg}
 * @param box in the pixels of the decoded photo, after its EXIF orientation is applied
 * @param cropKey the S3 key of the crop
 * @param vector the unit-norm embedding, {@code null} until the look is EMBEDDED
 */
public record LookItem(
    int itemNo, Category category, double score, Box box, String cropKey, float[] vector) {

  public LookItem {
    if (itemNo < 0) {
      throw new IllegalArgumentException("itemNo must be >= 0: " + itemNo);
    }
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(cropKey, "cropKey");
  }

  public LookItem withVector(float[] v) {
    return new LookItem(itemNo, category, score, box, cropKey, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LookItem that
        && itemNo == that.itemNo
        && category == that.category
        && Double.compare(score, that.score) == 0
        && box.equals(that.box)
        && cropKey.equals(that.cropKey)
        && java.util.Arrays.equals(vector, that.vector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(itemNo, category, score, box, cropKey) * 31
        + java.util.Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "LookItem["
        + itemNo
        + " "
        + category.wireName()
        + " "
        + score
        + " "
        + box
        + " "
        + cropKey
        + (vector == null ? "" : " vector[" + vector.length + "]")
        + "]";
  }
}
