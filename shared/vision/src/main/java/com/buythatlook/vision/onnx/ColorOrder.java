package com.buythatlook.vision.onnx;

/** Channel order of the input tensor: the manifest's {@code input.colorOrder}. */
public enum ColorOrder {
  RGB,
  BGR
}
