/**
 * Boxes, polygons and run-length masks in pixel coordinates, as detections and annotations carry
 * them.
 */
package com.buythatlook.core.geometry;
