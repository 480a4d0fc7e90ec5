package com.buythatlook.vision.model;

/** How a photo is brought to the network's input size: the manifest's {@code input.resize}. */
public enum ResizeMode {
  /** Keep the aspect ratio, centre, pad the rest with {@code padValue}. */
  LETTERBOX("letterbox"),
  /** Scale each axis on its own to fill the input. */
  STRETCH("stretch");

  private final String wireName;

  ResizeMode(String wireName) {
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
