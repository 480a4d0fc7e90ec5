package com.buythatlook.cli.chaos;

import com.buythatlook.core.look.Look;
import com.buythatlook.core.look.LookItem;
import com.buythatlook.core.look.LookKeys;
import com.buythatlook.core.look.LookStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a run left behind — every row of the Looks table read back through the store, every object
 * under {@code crops/} with its ETag — and the comparisons the chaos run reports: against a clean
 * run of the same looks, and against a look of the same photo.
 */
final class LookStates {
  final Map<String, Look> looks;

  /** Rows in the table, counted by a scan (each is in {@code looks}, read back by id). */
  final int rows;

  /** crops/… key → ETag (the MD5 of the bytes for a simple PUT). */
  final Map<String, String> crops;

  private LookStates(Map<String, Look> looks, int rows, Map<String, String> crops) {
    this.looks = looks;
    this.rows = rows;
    this.crops = crops;
  }

  static LookStates read(ChaosStack stack) {
    Set<String> ids = new HashSet<>();
    stack
        .dynamo
        .scanPaginator(b -> b.tableName(stack.looksTable).projectionExpression("lookId"))
        .items()
        .forEach(item -> ids.add(item.get("lookId").s()));
    Map<String, Look> looks = new TreeMap<>();
    for (String id : ids) {
      stack.looks.get(id).ifPresent(l -> looks.put(id, l));
    }
    Map<String, String> crops = new TreeMap<>();
    stack
        .s3
        .listObjectsV2Paginator(b -> b.bucket(stack.bucket).prefix(LookKeys.CROPS))
        .contents()
        .forEach((S3Object o) -> crops.put(o.key(), o.eTag()));
    return new LookStates(looks, ids.size(), crops);
  }

  int count(LookStatus status) {
    return (int) looks.values().stream().filter(l -> l.status() == status).count();
  }

  int items() {
    return looks.values().stream().mapToInt(l -> l.items().size()).sum();
  }

  /**
   * Crops stored more than once or not as they should be: two items of a look with one crop key or
   * item number, an item whose key is not {@code crops/{lookId}/{itemNo}.jpg} or whose crop is
   * missing, and crop objects no item refers to (what a retried detect that found different items
   * would leave).
   */
  int duplicatedCrops() {
    int bad = 0;
    Set<String> referenced = new HashSet<>();
    for (Look look : looks.values()) {
      Set<Integer> numbers = new HashSet<>();
      for (LookItem item : look.items()) {
        if (!numbers.add(item.itemNo())
            || !referenced.add(item.cropKey())
            || !item.cropKey().equals(LookKeys.crop(look.lookId(), item.itemNo()))
            || !crops.containsKey(item.cropKey())) {
          bad++;
        }
      }
    }
    for (String key : crops.keySet()) {
      if (!referenced.contains(key)) {
        bad++;
      }
    }
    return bad;
  }

  /**
   * Differences between this run and {@code clean}, a run of the same look ids: rows, and per look
   * its status, photo size, failure reason and items (category, score, box, crop key and the vector
   * bit for bit), and the crops' bytes (by ETag).
   */
  List<String> differencesFrom(LookStates clean) {
    List<String> out = new ArrayList<>();
    if (rows != clean.rows || !looks.keySet().equals(clean.looks.keySet())) {
      out.add(
          "looks: "
              + rows
              + " rows here, "
              + clean.rows
              + " in the clean run; ids "
              + (looks.keySet().equals(clean.looks.keySet()) ? "equal" : "differ"));
    }
    for (Map.Entry<String, Look> e : clean.looks.entrySet()) {
      Look mine = looks.get(e.getKey());
      if (mine != null) {
        String d = difference(mine, e.getValue(), true);
        if (d != null) {
          out.add("look " + e.getKey() + ": " + d);
        }
      }
    }
    if (!crops.equals(clean.crops)) {
      Map<String, String> onlyHere = new TreeMap<>(crops);
      clean.crops.forEach((k, v) -> onlyHere.remove(k, v));
      Map<String, String> onlyClean = new TreeMap<>(clean.crops);
      crops.forEach((k, v) -> onlyClean.remove(k, v));
      out.add(
          "crops: "
              + onlyHere.size()
              + " only here or different, "
              + onlyClean.size()
              + " only in the clean run, e.g. "
              + first(onlyHere.keySet())
              + " / "
              + first(onlyClean.keySet()));
    }
    return out;
  }

  /**
   * How {@code look} differs from {@code reference}, or {@code null} when it does not.
   *
   * @param sameId whether both are the same look id (in two runs); otherwise they are two looks of
   *     the same photo, whose keys differ by the look id only
   */
  static String difference(Look look, Look reference, boolean sameId) {
    if (look.status() != reference.status()) {
      return "status "
          + look.status()
          + ", expected "
          + reference.status()
          + (look.failureReason() == null ? "" : " (" + look.failureReason() + ")");
    }
    if (!Objects.equals(look.failureReason(), reference.failureReason())) {
      return "failure reason '"
          + look.failureReason()
          + "', expected '"
          + reference.failureReason()
          + "'";
    }
    if (look.width() != reference.width() || look.height() != reference.height()) {
      return "photo size "
          + look.width()
          + "x"
          + look.height()
          + ", expected "
          + reference.width()
          + "x"
          + reference.height();
    }
    if (sameId
        ? !Objects.equals(look.imageKey(), reference.imageKey())
        : !Objects.equals(extension(look.imageKey()), extension(reference.imageKey()))) {
      return "image key " + look.imageKey() + ", expected like " + reference.imageKey();
    }
    if (look.items().size() != reference.items().size()) {
      return look.items().size() + " items, expected " + reference.items().size();
    }
    for (int i = 0; i < look.items().size(); i++) {
      LookItem a = look.items().get(i);
      LookItem b = reference.items().get(i);
      String expectedKey = sameId ? b.cropKey() : LookKeys.crop(look.lookId(), b.itemNo());
      if (a.itemNo() != b.itemNo()
          || a.category() != b.category()
          || Double.compare(a.score(), b.score()) != 0
          || !a.box().equals(b.box())
          || !a.cropKey().equals(expectedKey)) {
        return "item " + i + " is " + a + ", expected " + b;
      }
      if (!sameBits(a.vector(), b.vector())) {
        return "item " + i + "'s vector differs from the expected one";
      }
    }
    return null;
  }

  private static boolean sameBits(float[] a, float[] b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static String extension(String key) {
    return key == null ? null : key.substring(key.lastIndexOf('.') + 1);
  }

  private static String first(Collection<String> keys) {
    return keys.isEmpty() ? "-" : keys.iterator().next();
  }
}
