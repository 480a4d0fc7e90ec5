package com.buythatlook.vision.onnx;

/** What a model folder is for: the manifest's {@code task}. */
public enum Task {
  DETECTION("detection"),
  EMBEDDING("embedding");

  private final String wireName;

  Task(String wireName) {
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
