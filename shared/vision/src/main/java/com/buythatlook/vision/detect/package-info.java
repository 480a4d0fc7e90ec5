/**
 * The ONNX detector runner ({@link com.buythatlook.vision.detect.OnnxDetector}): decoding of
 * Ultralytics YOLOv8/YOLO11 outputs (with optional segmentation masks) and torchvision R-CNN
 * outputs, class-wise non-maximum suppression, mapping back to photo pixels and to catalog
 * categories; and the seed's item filters ({@link com.buythatlook.vision.detect.DetectionFilter}),
 * kept apart so that evaluation can see the unfiltered detections.
 *
 * <p>YOLO outputs are read one class per anchor (the best one, as Ultralytics does by default); an
 * anchor whose best class is not in the manifest's category map is dropped rather than re-labelled
 * with its second-best class.
 */
package com.buythatlook.vision.detect;
