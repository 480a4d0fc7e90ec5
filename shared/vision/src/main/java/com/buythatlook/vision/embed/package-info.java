/**
 * The ONNX embedder runner ({@link com.buythatlook.vision.embed.OnnxEmbedder}): crops to
 * unit-length vectors, batched, thread-safe.
 */
package com.buythatlook.vision.embed;
