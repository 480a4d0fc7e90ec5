package com.buythatlook.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GpuSupportTest {

  @Test
  void theCpuBuildOfOnnxRuntimeNeverClaimsAGpu() {
    DjlEnvironment.startEngine();
    // the default dependency is the CPU build: AUTO falls back, GPU says how to get one
    assertThat(GpuSupport.useGpu(RuntimeOptions.Device.AUTO)).isFalse();
    assertThat(GpuSupport.useGpu(RuntimeOptions.Device.CPU)).isFalse();
    assertThatThrownBy(() -> GpuSupport.useGpu(RuntimeOptions.Device.GPU))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("mvn -Pgpu")
        .hasMessageContaining("BTL_DEVICE=cpu");
  }

  @Test
  void deviceNamesParseAndBadOnesSayWhatIsAccepted() {
    assertThat(RuntimeOptions.Device.parse(" GPU ")).isEqualTo(RuntimeOptions.Device.GPU);
    assertThatThrownBy(() -> RuntimeOptions.Device.parse("tpu"))
        .hasMessageContaining("auto, cpu or gpu");
  }
}
