package com.buythatlook.core.look;

import com.buythatlook.core.image.ImageFormat;
import java.util.Optional;

/**
 * The S3 keys (docs/architecture.md) that belong to looks. Keys are built only from checked ids,
 * never from raw client strings.
 */
public final class LookKeys {
  public static final String UPLOADS = "uploads/";
  public static final String CROPS = "crops/";
  public static final String PHOTOS = "photos/";

  private LookKeys() {}

  public static String upload(String lookId, ImageFormat type) {
    return UPLOADS + LookIds.check(lookId) + "." + type.extension();
  }

  public static String crop(String lookId, int itemNo) {
    if (itemNo < 0) {
      throw new IllegalArgumentException("itemNo must be >= 0");
    }
    return CROPS + LookIds.check(lookId) + "/" + itemNo + ".jpg";
  }

  /**
   * The copy of the photo a look was detected on: {@code photos/{lookId}/{digest}.{ext}}, where the
   * digest is of the bytes detection read. The look shows this copy, never the upload key, which
   * the presigned form can overwrite until it expires; a different photo gets a different key, so
   * not even a racing second upload can replace it.
   *
   * @param digest 16 to 64 lower-case hex digits
   */
  public static String photo(String lookId, String digest, ImageFormat type) {
    if (!digest.matches("[0-9a-f]{16,64}")) {
      throw new IllegalArgumentException("a photo digest is 16 to 64 lower-case hex digits");
    }
    return PHOTOS + LookIds.check(lookId) + "/" + digest + "." + type.extension();
  }

  /** An upload key split into its parts. */
  public record Upload(String lookId, String extension) {}

  /**
   * Parses {@code uploads/{lookId}.{ext}}. The extension is returned as written (it may name a type
   * we do not accept; the detect step turns that into a FAILED look with a reason).
   *
   * @return empty when the key is not under {@code uploads/} or carries no valid look id, in which
   *     case there is no look to record anything on
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
