/**
 * Embedders that need no model file: pure Java on {@link com.buythatlook.core.image.RgbImage},
 * usable wherever a {@link com.buythatlook.core.inference.Embedder} is expected — the baseline of
 * {@code btl eval}, and a fallback for tests and demos that must run without ONNX Runtime.
 */
package com.buythatlook.core.embed;
