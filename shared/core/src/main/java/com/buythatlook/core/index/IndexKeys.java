package com.buythatlook.core.index;

import com.buythatlook.core.catalog.Category;
import java.util.regex.Pattern;

/**
 * The index's S3 keys (docs/architecture.md): {@code index/{version}/manifest.json}, shards,
 * CURRENT.
 */
public final class IndexKeys {
  public static final String CURRENT = "index/CURRENT";
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private IndexKeys() {}

  /** Versions become key segments, so only a safe alphabet is allowed. */
  public static String checkVersion(String version) {
    if (version == null || !VERSION.matcher(version).matches() || version.contains("..")) {
      throw new IllegalArgumentException(
          "index version '" + version + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    return version;
  }

  public static String manifest(String version) {
    return "index/" + checkVersion(version) + "/manifest.json";
  }

  /** File {@code n} of a version's product details (see {@link ProductDetails}). */
  public static String products(String version, int n) {
    return "index/" + checkVersion(version) + "/products/" + n + ".jsonl";
  }

  public static String shard(String version, Category category, int n) {
    return "index/" + checkVersion(version) + "/" + category.wireName() + "/" + n + ".shard";
  }
}
