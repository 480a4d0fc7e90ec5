package com.buythatlook.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules that span modules, checked here because btl's classpath holds every module: no package
 * cycles anywhere, the three functions independent of each other, and the shared libraries free of
 * the tools in {@code infra/}. Each module's own rules (core free of ML and imaging libraries, the
 * query function on shared/core only) sit in that module's tests.
 */
class ProjectArchitectureTest {

  private static final JavaClasses PROJECT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // the modules' test jars (shared/core's testing helpers) are test code too
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("com.buythatlook");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("com.buythatlook.(**)").should().beFreeOfCycles().check(PROJECT);
  }

  @Test
  void eachFunctionStandsAlone() {
    String[][] pairs = {
      {"detect", "embed"}, {"detect", "query"}, {"embed", "detect"},
      {"embed", "query"}, {"query", "detect"}, {"query", "embed"}
    };
    for (String[] p : pairs) {
      noClasses()
          .that()
          .resideInAPackage("com.buythatlook.functions." + p[0] + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.buythatlook.functions." + p[1] + "..")
          .check(PROJECT);
    }
  }

  @Test
  void sharedLibrariesDependOnNothingInInfraOrTheFunctions() {
    noClasses()
        .that()
        .resideInAnyPackage("com.buythatlook.core..", "com.buythatlook.vision..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.buythatlook.cli..",
            "com.buythatlook.batch..",
            "com.buythatlook.bench..",
            "com.buythatlook.functions..")
        .check(PROJECT);
  }

  @Test
  void coreUsesNoMlOrImagingLibrary() {
    noClasses()
        .that()
        .resideInAPackage("com.buythatlook.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "ai.djl..",
            "ai.onnxruntime..",
            "org.opencv..",
            "nu.pattern..",
            "java.awt..",
            "javax.imageio..")
        .check(PROJECT);
  }
}
