/**
 * JDK image I/O for the command-line tools (synthetic data, evaluation, download checks), with a
 * pixel limit against decompression bombs. The serving path decodes with OpenCV in {@code
 * vision.codec}.
 */
package com.buythatlook.cli.pictures;
