/**
 * Decoding untrusted photos into {@link com.buythatlook.core.image.RgbImage} with OpenCV, under
 * limits that are checked from the file's own header before any pixel is decoded.
 *
 * <p>Why the header is parsed here rather than left to OpenCV: OpenCV's own pixel limit is 2^30, so
 * a 100-byte PNG that claims to be 30000×30000 would make it allocate gigabytes. The parser also
 * catches truncated uploads (a JPEG without its end marker, a PNG without IEND, a RIFF shorter than
 * it says), which decoders otherwise turn into grey half-images.
 *
 * <p>Colour handling: grayscale and CMYK JPEGs, palette, 16-bit and grey PNGs all end as 8-bit RGB;
 * transparent pixels are composited over white, as a browser shows them on a white page; EXIF
 * orientation from JPEG (APP1) and PNG (eXIf) is applied, as OpenCV 4.9's {@code imread} does (we
 * apply it ourselves so that transparent files, decoded with {@code IMREAD_UNCHANGED}, get it too;
 * {@code ImageDecoderTest} checks all eight orientations against OpenCV's). EXIF in WebP files is
 * ignored, as OpenCV ignores it.
 */
package com.buythatlook.vision.codec;
