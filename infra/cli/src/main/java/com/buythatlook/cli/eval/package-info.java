/**
 * {@code btl eval}: street→shop retrieval (DeepFashion2's consumer-to-shop protocol, with
 * ground-truth and with detected boxes), the seed's top-15 hit rate, and COCO detection AP, per
 * category and overall, for any {@link com.buythatlook.core.inference.Detector} and {@link
 * com.buythatlook.core.inference.Embedder}.
 *
 * <p>{@link com.buythatlook.cli.eval.Evaluation} holds the harness and is what tests and later code
 * call; {@link com.buythatlook.cli.eval.EvalCommand} only parses options, picks the models ({@link
 * com.buythatlook.cli.models.Models}) and writes the report ({@link
 * com.buythatlook.cli.eval.ReportTable}, {@link com.buythatlook.cli.eval.ReportJson}, {@link
 * com.buythatlook.cli.eval.RecallPlot}). The metrics themselves live in {@code
 * com.buythatlook.core.eval}, free of I/O.
 */
package com.buythatlook.cli.eval;
