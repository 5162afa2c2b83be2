package io.neurectomy.console.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rules of the house from docs/architecture.md, checked on the production classes.
 *
 * <p>What a <em>view</em> is, for {@link #modelsKnowNoViews}, is decided by type, never by name:
 * <ul>
 *   <li>a JavaFX UI object: a class assignable to {@code javafx.scene.Node}, {@code javafx.scene.Scene},
 *       {@code javafx.stage.Window}, {@code javafx.scene.control.Dialog} or {@code javafx.application.Application}
 *       (controls, panes, cells, windows, alerts and the application itself, whether JavaFX's, a library's or ours);
 *   <li>a class that builds such objects: one that calls a constructor of one, or refers to one
 *       ({@code Label::new}), in its own code or its lambdas (the code-first views that are not Nodes themselves,
 *       like the sections' {@code XxxView}s, {@code MainWindow} and the dialog service);
 *   <li>a class nested in a view (a view's listeners and cells belong to it).
 * </ul>
 * Every other class under {@code ui} is on the model side (view models, their rows and wizard models, operation
 * models, formatters): it must not depend on a view, so that it can be built and tested without a scene graph.
 * A model class may still use JavaFX's observable properties and collections, which are not views.
 */
@AnalyzeClasses(packages = "io.neurectomy.console", importOptions = ImportOption.DoNotIncludeTests.class)
class HouseRulesTest {

    private static final List<String> JAVAFX_UI_TYPES = List.of("javafx.scene.Node", "javafx.scene.Scene",
            "javafx.stage.Window", "javafx.scene.control.Dialog", "javafx.application.Application");

    /** A JavaFX UI object, or a class that builds them, or one nested in such a class (see the class comment). */
    static final DescribedPredicate<JavaClass> VIEW = describe("are views (JavaFX UI types and classes that build "
            + "them)", HouseRulesTest::isView);

    static boolean isView(JavaClass type) {
        if (isJavaFxUiType(type)) {
            return true;
        }
        Stream<JavaClass> built = Stream.concat(
                type.getConstructorCallsFromSelf().stream().map(call -> call.getTargetOwner()),
                type.getConstructorReferencesFromSelf().stream().map(reference -> reference.getTargetOwner()));
        if (built.anyMatch(HouseRulesTest::isJavaFxUiType)) {
            return true;
        }
        return type.getEnclosingClass().map(HouseRulesTest::isView).orElse(false);
    }

    private static boolean isJavaFxUiType(JavaClass type) {
        return JAVAFX_UI_TYPES.stream().anyMatch(type::isAssignableTo);
    }

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
    static final ArchRule windowAndCommandLineKnowNoSandbox = noClasses()
            .that().resideInAnyPackage("..console.ui..", "..console.cli..")
            .should().dependOnClassesThat().resideInAPackage("..console.sandbox..")
            .because("the Launcher is the only door into the sandbox: it hands the window a "
                    + "ui.connect.SandboxStarter and the sandbox command a SandboxCommand.Starter");

    /**
     * The sandbox's rooms: the API server ({@code api}) hands pod subresources to the relays ({@code relay}); the
     * relays, the kubelet and the controller know only what they share in {@code sandbox} itself, where
     * {@code SandboxCluster} wires them together.
     */
    @ArchTest
    static final ArchRule sandboxRoomsKeepApart = slices().matching("..console.sandbox.(*)..")
            .namingSlices("sandbox.$1").should().notDependOnEachOther()
            .ignoreDependency(describe("the API server", (JavaClass c) -> c.getPackageName().endsWith(".sandbox.api")),
                    describe("the relays", (JavaClass c) -> c.getPackageName().endsWith(".sandbox.relay")))
            .because("each room of the sandbox can be read on its own; the API server reaches the pods only "
                    + "through the relays");

    @ArchTest
    static final ArchRule onlyClusterFacingPackagesTalkToFabric8 = noClasses()
            .that().resideOutsideOfPackages("..console.core.cluster..", "..console.core.endpoints..",
                    "..console.core.ops..", "..console.core.backup..", "..console.core.config..",
                    "..console.core.stack..", "..console.core.logs..", "..console.core.health..",
                    "..console.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
            .because("the UI and the CLI talk to core services, never to a KubernetesClient");

    @ArchTest
    static final ArchRule onlyBackupTalksToS3 = noClasses().that().resideOutsideOfPackage("..console.core.backup..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
            .because("S3 is the backups' store; everything else reaches it through core.backup");

    @ArchTest
    static final ArchRule modelsKnowNoViews = noClasses().that().resideInAPackage("..console.ui..")
            .and(describe("are not views", (JavaClass c) -> !isView(c)))
            .should().dependOnClassesThat(VIEW)
            .because("view models and the other model classes are built and tested without views (MVVM)");

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
