/**
 * {@code btl look}: runs the detector and embedder on one photo the way the detect and embed
 * functions do (same decoder, same limits, same filters) and shows what they found.
 */
package com.buythatlook.cli.photo;
