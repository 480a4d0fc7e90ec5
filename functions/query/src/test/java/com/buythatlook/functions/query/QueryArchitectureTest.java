package com.buythatlook.functions.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The query function depends on shared/core only: no ML or imaging libraries, no other module. That
 * is what keeps its zip small and its cold start fast; QueryPackageIT checks the zip itself.
 */
class QueryArchitectureTest {
  private final JavaClasses query =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.buythatlook.functions.query");

  @Test
  void usesNoDjlOnnxRuntimeOrOpenCv() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "ai.onnxruntime..", "org.opencv..", "nu.pattern..")
        .check(query);
  }

  @Test
  void dependsOnSharedCoreAndTheLambdaLibrariesOnly() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "com.buythatlook.functions.query..",
            "com.buythatlook.core..",
            "com.amazonaws.services.lambda.runtime..",
            "software.amazon.lambda.powertools.logging..",
            "org.slf4j..",
            "java..")
        .check(query);
  }

  @Test
  void doesNotReachIntoOtherModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.buythatlook.vision..",
            "com.buythatlook.cli..",
            "com.buythatlook.functions.detect..",
            "com.buythatlook.functions.embed..")
        .check(query);
  }
}
