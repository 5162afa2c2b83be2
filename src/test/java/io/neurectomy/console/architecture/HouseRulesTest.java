package io.neurectomy.console.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules of the house from docs/architecture.md, checked on the production classes. */
@AnalyzeClasses(packages = "io.neurectomy.console", importOptions = ImportOption.DoNotIncludeTests.class)
class HouseRulesTest {

    @ArchTest
    static final ArchRule coreIsFreeOfJavaFx = noClasses().that().resideInAPackage("..console.core..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..",
                    "org.kordamp.ikonli..", "org.fxmisc..")
            .because("core serves the CLI too and must run without a display");

    @ArchTest
    static final ArchRule coreKnowsNoOuterLayer = noClasses().that().resideInAPackage("..console.core..")
            .should().dependOnClassesThat().resideInAnyPackage("..console.ui..", "..console.cli..",
                    "..console.sandbox..", "..console.logging..")
            .because("the GUI, the CLI and the sandbox are built on core, never the other way round");

    @ArchTest
    static final ArchRule onlyClusterFacingPackagesTalkToFabric8 = noClasses()
            .that().resideOutsideOfPackages("..console.core.cluster..", "..console.core.endpoints..",
                    "..console.core.ops..", "..console.core.backup..", "..console.core.config..",
                    "..console.core.stack..", "..console.core.logs..", "..console.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
            .because("the UI and the CLI talk to core services, never to a KubernetesClient");

    @ArchTest
    static final ArchRule onlyBackupTalksToS3 = noClasses().that().resideOutsideOfPackage("..console.core.backup..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon..");

    @ArchTest
    static final ArchRule viewModelsKnowNoViews = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("View")
            .because("view models are tested without views (MVVM)");

    @ArchTest
    static final ArchRule onlyLoggingPackageKnowsLogback = noClasses()
            .that().resideOutsideOfPackage("..console.logging..")
            .should().dependOnClassesThat().resideInAPackage("ch.qos.logback..")
            .because("code logs through SLF4J");

    @ArchTest
    static final ArchRule noJavaUtilLogging = noClasses().that().resideOutsideOfPackage("..console.logging..")
            .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
            .because("code logs through SLF4J; only the logging set-up quietens libraries that use JUL");

    @ArchTest
    static final ArchRule noStandardStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("the GUI logs through SLF4J and CLI commands write to picocli's writers");
}
