package com.buythatlook.vision.model;

/** Channel order of the input tensor: the manifest's {@code input.colorOrder}. */
public enum ColorOrder {
  RGB,
  BGR
}
