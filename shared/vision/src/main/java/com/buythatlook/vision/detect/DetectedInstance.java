package com.buythatlook.vision.detect;

import com.buythatlook.core.geometry.RunLengthMask;
import com.buythatlook.core.inference.Detection;

/**
 * A detection with what the {@link com.buythatlook.core.inference.Detector} interface does not
 * carry: the detector's own class name and, for segmentation models asked for masks, the item's
 * mask in photo pixels.
 *
 * @param mask {@code null} when the model has no masks or masks were not asked for
 */
public record DetectedInstance(Detection detection, String detectorClass, RunLengthMask mask) {}
