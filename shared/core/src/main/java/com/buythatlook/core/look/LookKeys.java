package com.buythatlook.core.look;

import java.util.Optional;

/**
 * The S3 keys (docs/architecture.md) that belong to looks. Keys are built only from checked ids, never
 * from raw client strings.
 */
public final class LookKeys {
  public static final String UPLOADS = "uploads/";
  public static final String CROPS = "crops/";

  private LookKeys() {}

  public static String upload(String lookId, ImageType type) {
    return UPLOADS + LookIds.check(lookId) + "." + type.extension();
  }

  public static String crop(String lookId, int itemNo) {
    if (itemNo < 0) {
      throw new IllegalArgumentException("itemNo must be >= 0");
    }
    return CROPS + LookIds.check(lookId) + "/" + itemNo + ".jpg";
  }

  /** An upload key split into its parts. */
  public record Upload(String lookId, String extension) {}

  /**
   * Parses {@code uploads/{lookId}.{ext}}. The extension is returned as written (it may name a
   * type we do not accept; the detect step turns that into a FAILED look with a reason).
   *
   * @return empty when the key is not under {@code uploads/} or carries no valid look id, in
   *     which case there is no look to record anything on
   */
  public static Optional<Upload> parseUpload(String key) {
    if (key == null || !key.startsWith(UPLOADS)) {
      return Optional.empty();
    }
    String name = key.substring(UPLOADS.length());
    int dot = name.lastIndexOf('.');
    String id = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    if (!LookIds.isValid(id)) {
      return Optional.empty();
    }
    return Optional.of(new Upload(id, ext));
  }
}
