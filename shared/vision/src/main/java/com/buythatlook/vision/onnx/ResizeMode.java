package com.buythatlook.vision.onnx;

/** How a photo is brought to the network's input size: the manifest's {@code input.resize}. */
public enum ResizeMode {
  /** Keep the aspect ratio, centre, pad the rest with {@code padValue}. */
  LETTERBOX("letterbox"),
  /** Scale each axis on its own to fill the input. */
  STRETCH("stretch"),
  /**
   * CLIP-style: scale so that the shorter side fills the input (the longer side {@code floor(size ×
   * long / short)}), then cut the centre ({@code floor} of half the excess off the top and left),
   * as torchvision's {@code Resize(size)} + {@code CenterCrop} and transformers' CLIP image
   * processor do; nothing is padded.
   */
  SHORTEST_SIDE_CROP("shortest-side-crop");

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
