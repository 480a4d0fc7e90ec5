package com.buythatlook.vision.onnx;

import ai.djl.util.cuda.CudaUtils;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

/** Whether ONNX Runtime can run on a GPU in this process. */
final class GpuSupport {
  private GpuSupport() {}

  /**
   * True when the ONNX Runtime build on the classpath has the CUDA provider and a CUDA device is
   * visible. The CPU build (the default dependency) never has it.
   */
  static boolean cudaAvailable() {
    try {
      return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)
          && CudaUtils.hasCuda()
          && CudaUtils.getGpuCount() > 0;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Resolves AUTO and checks GPU; returns true when inference should use the GPU. */
  static boolean useGpu(RuntimeOptions.Device device) {
    return switch (device) {
      case CPU -> false;
      case AUTO -> cudaAvailable();
      case GPU -> {
        if (!cudaAvailable()) {
          throw new InvalidModelException(
              "BTL_DEVICE=gpu but ONNX Runtime has no usable CUDA provider here: build with"
                  + " 'mvn -Pgpu' (onnxruntime_gpu) and run where the NVIDIA driver, CUDA 12 and"
                  + " cuDNN 9 are present, or use BTL_DEVICE=cpu");
        }
        yield true;
      }
    };
  }
}
