/**
 * What the pipeline asks of a model, free of any ML library: a {@link
 * com.buythatlook.core.inference.Detector} finds {@link com.buythatlook.core.inference.Detection
 * fashion items} in an {@link com.buythatlook.core.image.RgbImage}, an {@link
 * com.buythatlook.core.inference.Embedder} turns a crop into a unit vector. The ONNX
 * implementations live in {@code shared/vision}.
 */
package com.buythatlook.core.inference;
