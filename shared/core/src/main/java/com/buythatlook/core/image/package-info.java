/**
 * The neutral pixel type ({@link com.buythatlook.core.image.RgbImage}) and the one {@link
 * com.buythatlook.core.image.ImageFormat} type, with the only magic-byte sniffer. Decoding lives in
 * {@code shared/vision}; {@code shared/core} links no imaging library.
 */
package com.buythatlook.core.image;
