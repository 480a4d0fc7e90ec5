package com.buythatlook.cli.invoke;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a template's {@code Globals.Function} section into one function's properties with the SAM
 * translator's rules: the function's own value wins for a scalar, maps are merged key by key (so
 * {@code Environment.Variables} from both apply, the function's winning a shared name), lists are
 * concatenated, globals first. An intrinsic function ({@code !Ref}, {@code !Sub}, …) counts as a
 * scalar, never as a map to merge into.
 */
final class SamGlobals {
  private SamGlobals() {}

  static Map<String, Object> merge(Map<?, ?> globals, Map<?, ?> local) {
    Map<String, Object> out = new LinkedHashMap<>();
    globals.forEach((k, v) -> out.put(String.valueOf(k), v));
    local.forEach(
        (k, v) -> {
          String key = String.valueOf(k);
          out.put(key, out.containsKey(key) ? mergeValue(out.get(key), v) : v);
        });
    return out;
  }

  private static Object mergeValue(Object global, Object local) {
    if (global instanceof Map<?, ?> g
        && local instanceof Map<?, ?> l
        && !Intrinsics.isIntrinsic(g)
        && !Intrinsics.isIntrinsic(l)) {
      return merge(g, l);
    }
    if (global instanceof List<?> g && local instanceof List<?> l) {
      List<Object> both = new ArrayList<>(g);
      both.addAll(l);
      return both;
    }
    return local;
  }
}
