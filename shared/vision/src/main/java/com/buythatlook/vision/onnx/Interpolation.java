package com.buythatlook.vision.onnx;

/**
 * How pixels are resampled to the input size: the manifest's {@code input.interpolation}. Match
 * what the model was trained behind.
 */
public enum Interpolation {
  /**
   * OpenCV's area averaging when shrinking, bilinear ({@code cv2.INTER_LINEAR}) when enlarging: the
   * default.
   */
  AREA("area"),
  /** OpenCV's {@code cv2.INTER_LINEAR}, as Ultralytics' letterbox resizes. */
  BILINEAR("bilinear"),
  /**
   * Pillow's {@code Image.BICUBIC} (antialiased when shrinking), bit for bit, as CLIP, open_clip
   * and transformers' CLIP image processor resize.
   */
  BICUBIC("bicubic");

  private final String wireName;

  Interpolation(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
