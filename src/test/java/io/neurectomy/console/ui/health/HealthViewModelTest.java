package io.neurectomy.console.ui.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.health.HealthArea;
import io.neurectomy.console.core.health.HealthProbe;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.health.ProbeResult;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.runbook.Drill;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The Health section's view model with a scripted session, runner and timer (the test plays the FX thread): when
 * checks run (never two at once, again after each), how a report is laid out, and what the fix actions do.
 */
class HealthViewModelTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:31:02Z");

    /** Runs work when the test says so; callbacks on the test's thread, as on the FX thread. */
    private static final class HeldRunner implements TaskRunner {
        final List<Runnable> pending = new ArrayList<>();
        int started;

        @Override
        public <T> Cancellable run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
            started++;
            boolean[] cancelled = new boolean[1];
            pending.add(() -> {
                if (cancelled[0]) {
                    return;
                }
                try {
                    onSuccess.accept(work.call());
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            });
            return new Cancellable() {
                @Override
                public void cancel() {
                    cancelled[0] = true;
                }

                @Override
                public boolean isCancelled() {
                    return cancelled[0];
                }
            };
        }

        @Override
        public Cancellable run(Runnable work) {
            return run(() -> {
                work.run();
                return null;
            }, r -> { }, e -> { });
        }

        void finishOne() {
            pending.remove(0).run();
        }

        @Override
        public void close() {
        }
    }

    /** Keeps the scheduled next checks for the test to fire. */
    private static final class HeldTimer implements CheckTimer {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();
        int cancelled;

        @Override
        public Cancellable after(Duration delay, Runnable task) {
            boolean[] off = new boolean[1];
            delays.add(delay);
            tasks.add(() -> {
                if (!off[0]) {
                    task.run();
                }
            });
            return new Cancellable() {
                @Override
                public void cancel() {
                    off[0] = true;
                    cancelled++;
                }

                @Override
                public boolean isCancelled() {
                    return off[0];
                }
            };
        }
    }

    /** A session whose checks return the reports queued, and whose deletes are recorded. */
    private static final class ScriptedSession implements HealthSession {
        final List<HealthReport> reports = new CopyOnWriteArrayList<>();
        final List<String> deleted = new CopyOnWriteArrayList<>();
        Set<Capability> capabilities = Set.of();
        final List<String> drilled = new CopyOnWriteArrayList<>();
        int checks;

        @Override
        public Set<Capability> capabilities() {
            return capabilities;
        }

        @Override
        public Drill drill(String scenarioId, java.time.Clock clock) {
            drilled.add(scenarioId);
            throw new UnsupportedOperationException("no drill in this test");
        }

        @Override
        public HealthReport check() {
            checks++;
            return reports.size() > 1 ? reports.remove(0) : reports.get(0);
        }

        @Override
        public Operation<Void> deletePod(String namespace, String name) {
            return new Operation<>() {
                @Override
                public Plan plan(io.neurectomy.console.core.operation.Cancellation cancellation) {
                    return Plan.of("delete-pod", "Delete pod " + namespace + "/" + name,
                                    List.of(new Step("delete", "Delete pod " + namespace + "/" + name)))
                            .withConfirmation(Confirmation.yes("Delete pod " + namespace + "/" + name + "?"))
                            .withNotes(List.of("prometheus will create a replacement."));
                }

                @Override
                public io.neurectomy.console.core.operation.OperationResult<Void> run(Plan plan,
                        io.neurectomy.console.core.operation.ProgressListener listener,
                        io.neurectomy.console.core.operation.Cancellation cancellation) {
                    return Execution.run(plan, listener, cancellation, ex -> {
                        ex.step("delete", () -> deleted.add(namespace + "/" + name));
                        return null;
                    });
                }
            };
        }
    }

    private static HealthProbe probe(String code, HealthArea area) {
        return new HealthProbe(code, area, "Title of " + code, "kubectl get pods -n NS", c -> List.of());
    }

    private static HealthReport report(Finding... findings) {
        List<ProbeResult> results = new ArrayList<>();
        for (Finding f : findings) {
            HealthArea area = f.code().startsWith("grafana") ? HealthArea.GRAFANA
                    : f.code().startsWith("prometheus") ? HealthArea.PROMETHEUS : HealthArea.WORKLOADS;
            results.add(new ProbeResult(probe(f.code(), area), List.of(f), Duration.ofMillis(5)));
        }
        return new HealthReport(T0, "ctx", "monitoring", results, Duration.ofMillis(40), "");
    }

    private static final Finding GRAFANA_UNKNOWN = Finding.of(Severity.UNKNOWN, "grafana-health", "grafana-abc",
            "Grafana is not available in the sandbox");
    private static final Finding PROMETHEUS_OK = Finding.of(Severity.OK, "prometheus-ready", "prometheus-1",
            "ready (/-/ready answers 200)");
    private static final Finding PROMETHEUS_DOWN = Finding.of(Severity.CRITICAL, "prometheus-ready", "prometheus-1",
            "does not answer /-/ready").withAction(new FixAction(FixAction.DELETE_POD, "monitoring/prometheus-1",
            "Restart prometheus-1"));
    private static final Finding PODS_OK = Finding.of(Severity.OK, "pod-restarts", "prometheus-0",
            "Running, 0 restarts").withAction(new FixAction(FixAction.SHOW_LOGS, "monitoring/prometheus-0",
            "Logs of prometheus-0"));

    private final HeldRunner runner = new HeldRunner();
    private final HeldTimer timer = new HeldTimer();
    private final ScriptedSession session = new ScriptedSession();

    private HealthViewModel model(AnsweringDialogs dialogs, TaskRunner taskRunner) {
        return new HealthViewModel(taskRunner, Runnable::run, timer, Duration.ofSeconds(10), dialogs,
                new ActivityLog(), ZoneOffset.UTC);
    }

    @Test
    void checksOnAttachAndAgainAnIntervalAfterEachCheckNeverTwoAtOnce() {
        session.reports.add(report(PROMETHEUS_OK));
        HealthViewModel model = model(AnsweringDialogs.always(false), runner);

        model.attach(session);
        assertThat(runner.started).isEqualTo(1);
        assertThat(model.checkingProperty().get()).isTrue();
        model.checkNow();
        model.checkNow();
        assertThat(runner.started).as("no second check while one runs").isEqualTo(1);

        runner.finishOne();
        assertThat(runner.started).as("the asked-for check follows at once, once").isEqualTo(2);
        assertThat(timer.tasks).isEmpty();
        runner.finishOne();
        assertThat(model.checkingProperty().get()).isFalse();
        assertThat(timer.delays).containsExactly(Duration.ofSeconds(10));

        timer.tasks.get(0).run();
        assertThat(runner.started).isEqualTo(3);
        assertThat(session.checks).isEqualTo(2);
    }

    @Test
    void theRunbooksTheFindingsPointToAreOfferedAndNoneWhileTheStackIsHealthy() {
        Finding restarts = Finding.of(Severity.ERROR, "pod-restarts", "prometheus-1", "CrashLoopBackOff, 7 restarts");
        session.reports.add(report(PROMETHEUS_OK, PODS_OK));
        session.reports.add(report(PROMETHEUS_DOWN, restarts));
        session.reports.add(report(PROMETHEUS_OK, PODS_OK));
        HealthViewModel model = model(AnsweringDialogs.always(false), runner);
        model.attach(session);
        runner.finishOne();
        assertThat(model.runbooks().offered()).as("a healthy stack points to no runbook").isEmpty();

        timer.tasks.get(0).run();
        runner.finishOne();
        assertThat(model.runbooks().offered()).extracting(Scenario::id).as("pod-failure matches both findings")
                .startsWith("pod-failure", "config-broke-component").contains("node-failure")
                .doesNotContain("alertmanager-silent", "cluster-loss");

        timer.tasks.get(1).run();
        runner.finishOne();
        assertThat(model.runbooks().offered()).isEmpty();
        assertThat(model.runbooks().all()).extracting(Scenario::id).hasSize(8).contains("pod-failure", "secret-lost");
    }

    @Test
    void drillsAreOfferedOnlyWhereTheClusterOffersTheirFault() {
        session.reports.add(report(PROMETHEUS_OK));
        HealthViewModel model = model(AnsweringDialogs.always(true), runner);
        Scenario podFailure = model.runbooks().all().stream().filter(s -> s.id().equals("pod-failure")).findFirst()
                .orElseThrow();

        model.attach(session);
        assertThat(model.runbooks().drills()).as("a cluster without fault injection offers no drill").isEmpty();
        model.runbooks().drill(podFailure);
        assertThat(session.drilled).as("nothing is drilled there").isEmpty();

        session.capabilities = Set.of(Capability.POD_FAULTS);
        model.attach(session);
        assertThat(model.runbooks().drills()).containsExactly("pod-failure");

        session.capabilities = Set.of(Capability.POD_FAULTS, Capability.NODE_FAULTS);
        model.attach(session);
        assertThat(model.runbooks().drills()).containsExactly("node-failure", "pod-failure");

        model.detach();
        assertThat(model.runbooks().drills()).isEmpty();
    }

        @Test
    void theLastReportStaysShownWhileTheNextCheckRunsAndNothingRunsAfterDetach() {
        session.reports.add(report(PROMETHEUS_OK));
        session.reports.add(report(PROMETHEUS_DOWN));
        HealthViewModel model = model(AnsweringDialogs.always(false), runner);
        model.attach(session);
        runner.finishOne();
        assertThat(model.statusProperty().get()).isEqualTo(HealthStatus.HEALTHY);

        timer.tasks.get(0).run();
        assertThat(model.checkingProperty().get()).isTrue();
        assertThat(model.findings()).containsExactly(PROMETHEUS_OK);
        runner.finishOne();
        assertThat(model.statusProperty().get()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(model.summaryProperty().get()).isEqualTo("Critical: 1 critical (1 checks in 40 ms) · checked"
                + " 10:31:02");

        timer.tasks.get(1).run();
        model.detach();
        runner.finishOne();
        assertThat(model.reportProperty().get()).as("a check that ends after the session closed shows nothing")
                .isNull();
        assertThat(model.findings()).isEmpty();
        assertThat(timer.tasks).hasSize(2);
        assertThat(model.placeholderProperty().get()).isEqualTo("Not connected");
    }

    @Test
    void findingsStandByAreaMostUrgentFirstUnderHeadingsWithTheirCounts() {
        session.reports.add(report(GRAFANA_UNKNOWN, PROMETHEUS_OK, PODS_OK, PROMETHEUS_DOWN));
        HealthViewModel model = model(AnsweringDialogs.always(false), new InlineTaskRunner());

        model.attach(session);

        assertThat(model.findings()).containsExactly(PODS_OK, PROMETHEUS_DOWN, PROMETHEUS_OK, GRAFANA_UNKNOWN);
        assertThat(model.findings()).extracting(model::heading).containsExactly("Workloads — 1 OK",
                "Prometheus — 1 critical, 1 OK", "Prometheus — 1 critical, 1 OK", "Grafana — 1 unknown");
        assertThat(model.guide(GRAFANA_UNKNOWN)).isEqualTo("By hand (Title of grafana-health): kubectl get pods"
                + " -n monitoring");

        model.attentionOnlyProperty().set(true);
        assertThat(model.findings()).as("what is OK hides; what could not be checked stays")
                .containsExactly(PROMETHEUS_DOWN, GRAFANA_UNKNOWN);
    }

    @Test
    void goToLinksGoToTheWindowAndARestartDeletesThePodOnlyAfterAYes() {
        session.reports.add(report(PROMETHEUS_DOWN, PODS_OK));
        List<FixAction> navigated = new ArrayList<>();
        boolean[] yes = {false};
        AnsweringDialogs dialogs = new AnsweringDialogs((title, message, confirm) -> yes[0]);
        HealthViewModel model = model(dialogs, new InlineTaskRunner());
        model.setNavigator(navigated::add);
        model.attach(session);

        model.runFixAction(PODS_OK.action().orElseThrow());
        assertThat(navigated).containsExactly(PODS_OK.action().orElseThrow());

        model.runFixAction(PROMETHEUS_DOWN.action().orElseThrow());
        assertThat(dialogs.asked).containsExactly("Delete pod monitoring/prometheus-1?");
        assertThat(dialogs.messages).containsExactly("prometheus will create a replacement.");
        assertThat(session.deleted).as("no delete without a yes").isEmpty();

        yes[0] = true;
        int checks = session.checks;
        model.runFixAction(PROMETHEUS_DOWN.action().orElseThrow());
        assertThat(session.deleted).containsExactly("monitoring/prometheus-1");
        assertThat(navigated).hasSize(1);
        assertThat(model.messageProperty().get()).startsWith("Deleted pod prometheus-1");
        assertThat(session.checks).as("checked again after the restart").isEqualTo(checks + 1);
    }

    @Test
    void silenceHandsTheAlertsMatchersToTheSilencerAndChecksAgainOnceItSaysWhatHappened() {
        Finding firing = Finding.of(Severity.INFO, "alerts-firing", "alert/DiskFilling", "2 firing")
                .withAction(new FixAction(FixAction.SILENCE_ALERT, "alertname=\"DiskFilling\"\njob=\"node\"",
                        "Silence…"));
        session.reports.add(report(firing));
        List<FixAction> navigated = new ArrayList<>();
        List<List<String>> asked = new ArrayList<>();
        List<Consumer<String>> outcomes = new ArrayList<>();
        HealthViewModel model = model(AnsweringDialogs.always(false), new InlineTaskRunner());
        model.setNavigator(navigated::add);
        model.setSilencer((matchers, outcome) -> {
            asked.add(matchers);
            outcomes.add(outcome);
        });
        model.attach(session);
        int checks = session.checks;

        model.runFixAction(firing.action().orElseThrow());
        assertThat(asked).containsExactly(List.of("alertname=\"DiskFilling\"", "job=\"node\""));
        assertThat(navigated).as("nothing else happens").isEmpty();
        assertThat(session.checks).as("no check before the silence exists").isEqualTo(checks);

        outcomes.get(0).accept("Created silence 1234 (alertname=\"DiskFilling\", job=\"node\") for 2h.");
        assertThat(model.messageProperty().get()).startsWith("Created silence 1234");
        assertThat(session.checks).as("checked again at once").isEqualTo(checks + 1);
    }
}
