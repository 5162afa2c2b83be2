package io.neurectomy.console.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.health.HealthArea;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthProbe;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.testing.MockCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook runner on a mock cluster with probes whose findings the test sets: the order detection, steps,
 * verification; what detection hands the steps; the verification asked again until it passes (or not); manual steps
 * confirmed or not; a cancel between steps; and the timeline of each.
 */
class RunbookOperationTest {
    private static MockCluster cluster;
    private static ClusterSession session;

    /** Whether the fake replica is broken: its probe says WARNING while it is. */
    private final AtomicBoolean broken = new AtomicBoolean(true);
    private final AtomicInteger verifyAsked = new AtomicInteger();
    private final List<Finding> handedToSteps = new CopyOnWriteArrayList<>();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path backupsDir;

    @BeforeAll
    static void start() throws InterruptedException {
        cluster = new MockCluster();
        session = cluster.openSession("mock");
        HealthChecker.awaitSync(session, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private HealthChecker checker() {
        HealthProbe ready = new HealthProbe("fake-ready", HealthArea.PROMETHEUS, "replica ready", "curl", c -> {
            verifyAsked.incrementAndGet();
            return List.of(broken.get() ? Finding.of(Severity.WARNING, "fake-ready", "prometheus-1", "not ready")
                    : Finding.of(Severity.OK, "fake-ready", "prometheus-1", "ready"));
        });
        HealthProbe unrelated = new HealthProbe("fake-disk", HealthArea.STORAGE, "disk", "df",
                c -> List.of(Finding.of(Severity.WARNING, "fake-disk", "prometheus-0", "80 % full")));
        return new HealthChecker(List.of(ready, unrelated), Duration.ofSeconds(5));
    }

    private RunbookStep.Automatic fix() {
        return new RunbookStep.Automatic("fix", "Fix the replica", "kubectl delete pod prometheus-1 -n NS",
                (context, ex) -> {
                    handedToSteps.addAll(context.detected());
                    broken.set(false);
                    return StepOutcome.done("fixed prometheus-1");
                });
    }

    private static Scenario scenario(RunbookStep... steps) {
        return new Scenario("test-failure", "Test failure", "a replica is broken", "at once",
                Detection.of(Severity.WARNING, "fake-ready"), List.of(steps), List.of("fake-ready"));
    }

    private OperationResult<Timeline> run(RunbookOperation op, Cancellation cancellation) {
        Plan plan = op.plan(cancellation);
        return op.run(plan, events::add, cancellation);
    }

    private RunbookOperation operation(Scenario scenario, ManualGate gate, Duration verifyTimeout) {
        return new RunbookOperation(session, scenario, checker(), gate,
                new StepClock(Instant.parse("2026-12-07T03:00:00Z"), Duration.ofSeconds(1)), Duration.ofSeconds(180),
                verifyTimeout, Duration.ofMillis(20));
    }

    private static List<String> ids(Timeline t) {
        return t.entries().stream().map(Timeline.Entry::stepId).toList();
    }

    private static List<StepOutcome.Status> outcomes(Timeline t) {
        return t.entries().stream().map(e -> e.outcome().status()).toList();
    }

    @Test
    void aRunDetectsThenRunsItsStepsThenVerifiesAndTheTimelineRecordsEach() {
        RunbookOperation op = operation(scenario(fix()), ManualGate.nobody(), Duration.ofSeconds(180));

        OperationResult<Timeline> result = run(op, new Cancellation());

        assertThat(result.status()).as(result.error()).isEqualTo(OperationResult.Status.SUCCEEDED);
        Timeline t = op.timeline();
        assertThat(result.value()).isSameAs(t);
        assertThat(ids(t)).containsExactly("detect", "fix", "verify");
        assertThat(t.entries()).extracting(Timeline.Entry::kind).containsExactly(Timeline.Kind.DETECTION,
                Timeline.Kind.AUTOMATIC, Timeline.Kind.VERIFICATION);
        assertThat(outcomes(t)).containsOnly(StepOutcome.Status.DONE);
        assertThat(result.outcome("detect").detail()).isEqualTo("1 finding: fake-ready prometheus-1");
        assertThat(result.outcome("verify").detail()).isEqualTo("1 probe pass: fake-ready");
        assertThat(t.notes()).extracting(Timeline.Note::text)
                .containsExactly("Detected: WARNING [fake-ready] prometheus-1: not ready");
        assertThat(t.endedAt()).isPresent();
        assertThat(t.markdown()).contains("- Outcome: succeeded: Done: 3 of 3 steps done.");
        assertThat(events).filteredOn(ProgressEvent.StepStarted.class::isInstance).hasSize(3);
    }

    @Test
    void detectionHandsTheStepsOnlyTheFindingsThatPointToTheScenario() {
        run(operation(scenario(fix()), ManualGate.nobody(), Duration.ofSeconds(180)), new Cancellation());

        assertThat(handedToSteps).extracting(Finding::code, Finding::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fake-ready", "prometheus-1"));
    }

    @Test
    void verificationAsksAgainUntilTheScenariosProbesPassIgnoringOtherProbes() {
        AtomicInteger fixes = new AtomicInteger();
        RunbookStep.Automatic slowFix = new RunbookStep.Automatic("fix", "Fix later", "kubectl", (context, ex) -> {
            fixes.incrementAndGet();
            verifyAsked.set(0);
            return StepOutcome.done("");
        });
        HealthChecker checker = new HealthChecker(List.of(new HealthProbe("fake-ready", HealthArea.PROMETHEUS,
                "ready", "curl", c -> List.of(verifyAsked.incrementAndGet() < 3 || fixes.get() == 0
                ? Finding.of(Severity.WARNING, "fake-ready", "prometheus-1", "not ready")
                : Finding.of(Severity.OK, "fake-ready", "prometheus-1", "ready"))),
                new HealthProbe("fake-disk", HealthArea.STORAGE, "disk", "df",
                        c -> List.of(Finding.of(Severity.CRITICAL, "fake-disk", "prometheus-0", "full")))),
                Duration.ofSeconds(5));
        RunbookOperation op = new RunbookOperation(session, scenario(slowFix), checker, ManualGate.nobody(),
                new StepClock(Instant.EPOCH), Duration.ofSeconds(180), Duration.ofSeconds(180), Duration.ofMillis(10));

        OperationResult<Timeline> result = run(op, new Cancellation());

        assertThat(result.status()).as(result.error()).isEqualTo(OperationResult.Status.SUCCEEDED);
        assertThat(verifyAsked.get()).isGreaterThanOrEqualTo(3);
        assertThat(events).filteredOn(ProgressEvent.Note.class::isInstance)
                .extracting(e -> ((ProgressEvent.Note) e).text())
                .contains("Waiting for: WARNING [fake-ready] prometheus-1: not ready");
    }

    @Test
    void aVerificationThatDoesNotPassByItsDeadlineFailsSayingWhatIsLeft() {
        RunbookStep.Automatic noFix = new RunbookStep.Automatic("fix", "Try", "kubectl",
                (context, ex) -> StepOutcome.done(""));
        RunbookOperation op = operation(scenario(noFix), ManualGate.nobody(), Duration.ZERO);

        OperationResult<Timeline> result = run(op, new Cancellation());

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        assertThat(result.error()).startsWith("The recovery is not verified after 0 s: WARNING [fake-ready]"
                + " prometheus-1: not ready");
        assertThat(outcomes(op.timeline())).containsExactly(StepOutcome.Status.DONE, StepOutcome.Status.DONE,
                StepOutcome.Status.FAILED);
        assertThat(op.timeline().markdown()).contains("- Outcome: failed: ");
    }

    @Test
    void aManualStepNotConfirmedStopsTheRunAndTheLaterStepsDoNotRun() {
        RunbookStep.Manual cordon = new RunbookStep.Manual("cordon", "Cordon the node", "Keep pods off it.",
                "kubectl cordon NODE -n NS");
        RunbookOperation op = operation(scenario(cordon, fix()), (step, ns, c) -> false, Duration.ofSeconds(180));

        OperationResult<Timeline> result = run(op, new Cancellation());

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        assertThat(result.error()).contains("Manual step 'Cordon the node' was not confirmed done")
                .contains("kubectl cordon NODE -n monitoring");
        assertThat(handedToSteps).as("the automatic step after it never ran").isEmpty();
        assertThat(result.outcome("fix").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.outcome("verify").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(ids(op.timeline())).containsExactly("detect", "cordon", "fix", "verify");
        assertThat(op.timeline().entries().get(1).kind()).isEqualTo(Timeline.Kind.MANUAL);
        assertThat(outcomes(op.timeline())).containsExactly(StepOutcome.Status.DONE, StepOutcome.Status.FAILED,
                StepOutcome.Status.NOT_RUN, StepOutcome.Status.NOT_RUN);
        assertThat(op.timeline().entries().get(2).started()).as("never started").isNull();
    }

    @Test
    void aConfirmedManualStepIsShownWithTheStacksNamespaceAndTheRunGoesOn() {
        List<String> shown = new ArrayList<>();
        RunbookStep.Manual check = new RunbookStep.Manual("check", "Check the receivers", "Look in NS.",
                "amtool config routes -n NS");
        RunbookOperation op = operation(scenario(check, fix()), (step, ns, c) -> {
            shown.add(step.instructions(ns) + " / " + step.command(ns));
            return true;
        }, Duration.ofSeconds(180));

        OperationResult<Timeline> result = run(op, new Cancellation());

        assertThat(result.status()).as(result.error()).isEqualTo(OperationResult.Status.SUCCEEDED);
        assertThat(shown).containsExactly("Look in monitoring. / amtool config routes -n monitoring");
        assertThat(result.outcome("check").detail()).isEqualTo("confirmed done by the operator");
    }

    @Test
    void aCancelDuringAStepStopsTheRunBeforeTheNextStep() {
        Cancellation cancellation = new Cancellation();
        RunbookStep.Automatic first = new RunbookStep.Automatic("first", "First", "kubectl", (context, ex) -> {
            cancellation.cancel();
            return StepOutcome.done("done before the cancel took effect");
        });

        RunbookOperation op = operation(scenario(first, fix()), ManualGate.nobody(), Duration.ofSeconds(180));
        OperationResult<Timeline> result = run(op, cancellation);

        assertThat(result.status()).isEqualTo(OperationResult.Status.CANCELLED);
        assertThat(handedToSteps).as("the second step never ran").isEmpty();
        assertThat(result.outcome("first").status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(result.outcome("fix").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(op.timeline().markdown()).contains("- Outcome: cancelled: ");
    }

    @Test
    void anAutomaticStepWithNothingToDoIsSkippedAndTheRunGoesOn() {
        RunbookStep.Automatic nothing = new RunbookStep.Automatic("nothing", "Nothing", "kubectl",
                (context, ex) -> StepOutcome.skipped("the findings name no stuck pod"));

        RunbookOperation op = operation(scenario(nothing, fix()), ManualGate.nobody(), Duration.ofSeconds(180));
        OperationResult<Timeline> result = run(op, new Cancellation());

        assertThat(result.status()).as(result.error()).isEqualTo(OperationResult.Status.SUCCEEDED);
        assertThat(result.outcome("nothing")).isEqualTo(StepOutcome.skipped("the findings name no stuck pod"));
    }

    @Test
    void thePlanListsDetectionTheStepsAndVerificationAndAsksForAYes() {
        RunbookStep.Manual check = new RunbookStep.Manual("check", "Check", "Look.", "kubectl get pods");
        Plan plan = operation(scenario(check, fix()), ManualGate.nobody(), Duration.ofSeconds(1))
                .plan(new Cancellation());

        assertThat(plan.steps()).extracting(s -> s.id()).containsExactly("detect", "check", "fix", "verify");
        assertThat(plan.steps().get(1).title()).isEqualTo("Manual: Check");
        assertThat(plan.confirmation().kind()).isEqualTo(
                io.neurectomy.console.core.operation.Confirmation.Kind.YES);
        assertThat(plan.notes()).anyMatch(n -> n.contains("15:00 RTO"))
                .anyMatch(n -> n.equals("Manual step 'Check': the run waits for you to carry it out."));
    }

    /** A small archive of {@code context} dated {@code created} (the header's time, which the listing reads). */
    private static Path archive(Path dir, String context, Instant created) {
        try (ArchiveWriter w = ArchiveWriter.create(dir, new ArchiveMetadata(context, "https://elsewhere:6443",
                MockCluster.NAMESPACE, "test", List.of("configs")), null, ProgressListener.none(),
                Cancellation.none(), Clock.fixed(created, ZoneOffset.UTC))) {
            w.add("objects/configmaps/prometheus-config.yaml", "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
            return w.commit().file();
        }
    }

    @Test
    void theNewestArchiveOfThisClusterIsRecordedWithTheDataItsRestoreCannotBringBack() {
        Instant start = Instant.parse("2026-12-07T03:00:00Z");
        Path ours = archive(backupsDir, "mock", start.minus(Duration.ofMinutes(42)));
        archive(backupsDir, "mock", start.minus(Duration.ofMinutes(100)));
        archive(backupsDir, "another-cluster", start.minus(Duration.ofMinutes(5)));
        RunbookOperation op = operation(scenario(RunbookCatalog.newestArchiveRpo(), fix()), ManualGate.nobody(),
                Duration.ofSeconds(180)).withBackups(new BackupDirectory(backupsDir));

        OperationResult<Timeline> result = run(op, new Cancellation());

        assertThat(result.status()).as(result.error()).isEqualTo(OperationResult.Status.SUCCEEDED);
        Timeline.Rpo rpo = op.timeline().rpo().orElseThrow();
        assertThat(rpo.archive()).isEqualTo(ours.getFileName().toString());
        assertThat(rpo.lost()).isEqualTo(Duration.ofMinutes(42));
        assertThat(result.outcome("archive-rpo").detail()).isEqualTo(rpo.sentence());
        assertThat(op.timeline().markdown()).contains("- RPO: Archive " + rpo.archive() + " was taken at 2026-12-07"
                + " 02:18:00 UTC, 42 min before the failure");
    }

    @Test
    void withoutAnArchiveOfThisClusterTheRpoStepIsSkippedSayingWhereItLooked() {
        archive(backupsDir, "another-cluster", Instant.parse("2026-12-07T02:55:00Z"));
        RunbookOperation op = operation(scenario(RunbookCatalog.newestArchiveRpo(), fix()), ManualGate.nobody(),
                Duration.ofSeconds(180)).withBackups(new BackupDirectory(backupsDir));

        OperationResult<Timeline> result = run(op, new Cancellation());

        assertThat(result.outcome("archive-rpo").status()).isEqualTo(StepOutcome.Status.SKIPPED);
        assertThat(result.outcome("archive-rpo").detail()).startsWith("no readable archive of context mock in ");
        assertThat(op.timeline().rpo()).isEmpty();
    }

    @Test
    void aNewerArchiveInTheBucketSetsTheRpoAndABucketThatDoesNotAnswerLeavesTheDirectorysOwn(@TempDir Path tmp)
            throws Exception {
        Instant start = Instant.parse("2026-12-07T03:00:00Z");
        archive(backupsDir, "mock", start.minus(Duration.ofMinutes(42)));
        Path synced = Files.createDirectories(tmp.resolve("other-workstation"));
        WrittenArchive newer;
        try (ArchiveWriter w = ArchiveWriter.create(synced, new ArchiveMetadata("mock", "https://elsewhere:6443",
                MockCluster.NAMESPACE, "test", List.of("configs")), null, ProgressListener.none(),
                Cancellation.none(), Clock.fixed(start.minus(Duration.ofMinutes(12)), ZoneOffset.UTC))) {
            w.add("objects/configmaps/prometheus-config.yaml", "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
            newer = w.commit();
        }
        try (S3Fixture s3 = new S3Fixture(tmp.resolve("s3"))) {
            S3Settings bucket = S3Settings.compatible(S3Fixture.BUCKET, "prod", s3.endpoint(), S3Fixture.KEYS);
            try (S3Store store = new S3Store(bucket)) {
                store.upload(newer.file(), newer.sha256(), n -> { }, Cancellation.none());
            }
            RunbookOperation op = operation(scenario(RunbookCatalog.newestArchiveRpo(), fix()), ManualGate.nobody(),
                    Duration.ofSeconds(180)).withBackups(new BackupDirectory(backupsDir), bucket);

            OperationResult<Timeline> result = run(op, new Cancellation());

            assertThat(result.status()).as(result.error()).isEqualTo(OperationResult.Status.SUCCEEDED);
            Timeline.Rpo rpo = op.timeline().rpo().orElseThrow();
            assertThat(rpo.archive()).isEqualTo("s3://" + S3Fixture.BUCKET + "/prod/"
                    + newer.file().getFileName());
            assertThat(rpo.lost()).isEqualTo(Duration.ofMinutes(12));
        }

        // the same bucket settings with nothing listening: the directory's newest archive, and a note why
        S3Settings gone = S3Settings.compatible(S3Fixture.BUCKET, "prod", java.net.URI.create("http://127.0.0.1:9"),
                S3Fixture.KEYS);
        RunbookOperation op = operation(scenario(RunbookCatalog.newestArchiveRpo(), fix()), ManualGate.nobody(),
                Duration.ofSeconds(180)).withBackups(new BackupDirectory(backupsDir), gone);
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        OperationResult<Timeline> result = op.run(op.plan(new Cancellation()), e -> {
            if (e instanceof io.neurectomy.console.core.operation.ProgressEvent.Note n) {
                notes.add(n.text());
            }
        }, new Cancellation());
        assertThat(result.status()).as(result.error()).isEqualTo(OperationResult.Status.SUCCEEDED);
        assertThat(op.timeline().rpo().orElseThrow().lost()).isEqualTo(Duration.ofMinutes(42));
        assertThat(notes).anyMatch(n -> n.contains("could not be listed"));
    }
}
