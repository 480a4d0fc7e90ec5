package com.buythatlook.core.dataset;

import java.util.Locale;

/** street2shop's two splits; the file prefix is {@code train_pairs_} or {@code test_pairs_}. */
public enum Split {
  TRAIN,
  TEST;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String pairsFileName(String category) {
    return wireName() + "_pairs_" + category + ".json";
  }

  public static Split fromWireName(String s) {
    for (Split v : values()) {
      if (v.wireName().equalsIgnoreCase(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown split '" + s + "'; expected train or test");
  }
}
