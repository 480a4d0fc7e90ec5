/**
 * {@code btl model import} (an exported ONNX graph in, a {@code model.json} that loads out) and the
 * {@code --detector}/{@code --embedder} options every command shares ({@link
 * com.buythatlook.cli.models.Models}).
 */
package com.buythatlook.cli.models;
