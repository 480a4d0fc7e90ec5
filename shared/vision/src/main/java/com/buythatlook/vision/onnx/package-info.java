/**
 * Model folders ({@code model.onnx} + {@code model.json}, see {@code infra/models/README.md}),
 * their validation, and running them on DJL with the ONNX Runtime engine.
 *
 * <p>A folder is checked before it is trusted: the manifest's keys and values, the file's SHA-256
 * against the manifest, and the ONNX graph's declared input and output shapes against what the
 * manifest says, so that a wrong or half-copied model fails at start-up with a sentence rather than
 * at the first photo with an index error.
 *
 * <p>Conventions the README leaves open, fixed here:
 *
 * <ul>
 *   <li>{@code mean[c]} and {@code std[c]} apply to tensor channel {@code c}, i.e. in {@code
 *       colorOrder}'s order.
 *   <li>{@code letterbox} centres the resized image and pads both sides (the Ultralytics
 *       convention; an odd remainder goes right/bottom); {@code stretch} scales each axis on its
 *       own.
 *   <li>Resizing uses area averaging when shrinking and bilinear interpolation when enlarging.
 *   <li>A model input of rank 3 ({@code [3, H, W]}, as torchvision's detection exports take) is fed
 *       one image without a batch axis.
 * </ul>
 */
package com.buythatlook.vision.onnx;
