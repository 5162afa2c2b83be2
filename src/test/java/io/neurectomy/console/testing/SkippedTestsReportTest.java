package io.neurectomy.console.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The report names every test that did not run, with its reason, and only those. */
class SkippedTestsReportTest {
    private static final String FIXTURE = "SkippedTestsReportTest$Fixture.";
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final SkippedTestsReport report = new SkippedTestsReport(new PrintStream(console, true,
            StandardCharsets.UTF_8));

    /** Run by the launcher below only (surefire leaves nested classes alone). */
    static class Fixture {
        @Test
        void runs() {
        }

        @Test
        @Disabled("renders pictures on demand")
        void disabled() {
        }

        @Test
        void abortsWithoutItsServer() {
            Assumptions.abort("needs 'kubectl' on PATH");
        }
    }

    /** A disabled class counts each of its tests. */
    @Disabled("whole class off")
    static class DisabledFixture {
        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    @Test
    void theSummaryListsTheDisabledAndAbortedTestsWithTheirReasons() {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());

        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Fixture.class), selectClass(DisabledFixture.class)).build(), report);

        String summary = report.summary();
        assertThat(summary).startsWith(SkippedTestsReport.SUMMARY_PREFIX + "4 tests: ")
                .contains("1 because renders pictures on demand (" + FIXTURE + "disabled)")
                .contains("1 because needs 'kubectl' on PATH (" + FIXTURE + "abortsWithoutItsServer)")
                .contains("2 because whole class off (SkippedTestsReportTest$DisabledFixture.one, "
                        + "SkippedTestsReportTest$DisabledFixture.two)")
                .doesNotContain("runs").doesNotContain("\n");
        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as("one line per skip as it happens, the summary last").hasSize(4).endsWith(summary);
        assertThat(lines.subList(0, 3)).containsExactlyInAnyOrder(
                "SKIPPED " + FIXTURE + "disabled: renders pictures on demand",
                "SKIPPED " + FIXTURE + "abortsWithoutItsServer: needs 'kubectl' on PATH",
                "SKIPPED SkippedTestsReportTest$DisabledFixture (2 tests): whole class off");
    }

    @Test
    void aRunWithoutSkipsSaysNone() {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());

        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(Fixture.class, "runs"))
                .build(), report);

        assertThat(report.summary()).isEqualTo(SkippedTestsReport.SUMMARY_PREFIX + "none.");
    }
}
