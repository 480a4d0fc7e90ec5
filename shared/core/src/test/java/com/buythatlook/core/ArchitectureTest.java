package com.buythatlook.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** shared/core stays free of ML and imaging libraries, so the query function's zip stays small. */
class ArchitectureTest {

  private final JavaClasses core =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.buythatlook.core");

  @Test
  void coreUsesNoDjlOnnxRuntimeOrOpenCv() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "ai.onnxruntime..", "org.opencv..", "nu.pattern..")
        .check(core);
  }

  @Test
  void coreUsesNoAwtOrImageIo() {
    // decoding belongs to shared/vision (OpenCV, under limits) and the CLI tools
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.awt..", "javax.imageio..")
        .check(core);
  }

  @Test
  void coreDoesNotDependOnTheOtherModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.buythatlook.cli..", "com.buythatlook.vision..", "com.buythatlook.functions..")
        .check(core);
  }
}
