package io.neurectomy.console.core.config;

import io.fabric8.kubernetes.api.model.Pod;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.config.ReplicaResult.Outcome;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.TextDiff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply of {@link ReloadTransaction#apply}: plan (diff, gate, replicas), then the steps {@code validate},
 * {@code write}, {@code reload-<pod>} per replica, {@code check-hash} (Alertmanager) and {@code rollback}.
 */
final class ConfigApply implements Operation<ReloadReport> {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigApply.class);
    static final String VALIDATE = "validate";
    static final String WRITE = "write";
    static final String CHECK_HASH = "check-hash";
    static final String ROLLBACK = "rollback";

    /** How long a replica that runs but is not ready is given to become ready before it is skipped. */
    static final Duration READY_GRACE = Duration.ofSeconds(30);

    private final ReloadTransaction tx;
    private final ConfigGate gate;
    private final ConfigObject base;
    private final Map<String, String> newData;
    private final Consumer<ConfigObject> onApplied;
    private final ConfigTarget target;
    private final StackComponent server;
    private Plan planned;
    private List<String> replicas = List.of();

    ConfigApply(ReloadTransaction tx, ConfigGate gate, ConfigObject base, Map<String, String> newData,
                Consumer<ConfigObject> onApplied) {
        this.tx = tx;
        this.gate = gate;
        this.base = Objects.requireNonNull(base, "base");
        this.newData = Map.copyOf(newData);
        this.onApplied = onApplied;
        this.target = base.target();
        this.server = target.server();
    }

    /** The step that reloads {@code pod}. */
    static String replicaStep(String pod) {
        return "reload-" + pod;
    }

    private boolean unchanged() {
        return newData.equals(base.data());
    }

    @Override
    public Plan plan(Cancellation cancellation) {
        List<Change> changes = changes();
        if (!unchanged()) {
            List<String> problems = problems();
            if (!problems.isEmpty()) {
                throw new ConsoleException("The new " + target.display() + " has errors; nothing was written:\n  "
                        + String.join("\n  ", problems));
            }
        }
        cancellation.check();
        replicas = tx.pods(server).stream().map(p -> p.getMetadata().getName()).toList();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(VALIDATE, "Validate the new " + target.display()));
        steps.add(new Step(WRITE, "Write " + target.ref() + " (on version " + base.resourceVersion() + ")"));
        for (String pod : replicas) {
            steps.add(new Step(replicaStep(pod), pod + ": wait for the new file, reload and verify"));
        }
        if (server == StackComponent.ALERTMANAGER) {
            steps.add(new Step(CHECK_HASH, "Check that every Alertmanager replica has the same config hash"));
        }
        steps.add(new Step(ROLLBACK, "Roll back if a replica refuses the new config or the apply is cancelled"));
        List<String> notes = new ArrayList<>();
        if (target.secret()) {
            notes.add("Secret values are shown as " + SecretMask.REDACTED + ".");
        }
        planned = Plan.of("config-apply", "Apply " + target.ref() + " in " + tx.namespace() + " and reload "
                        + server.title() + " one replica at a time", steps)
                .withChanges(changes)
                .withConfirmation(Confirmation.yes("Apply " + target.ref() + " and reload " + replicas.size() + " "
                        + server.title() + " replica(s)?"))
                .withNotes(notes);
        return planned;
    }

    /** One change per key that differs, with its diff (secret values redacted); one unchanged when none does. */
    private List<Change> changes() {
        List<Change> changes = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(base.data().keySet());
        keys.addAll(newData.keySet());
        for (String key : keys) {
            String before = base.text(key);
            String after = newData.getOrDefault(key, "");
            if (before.equals(after) && base.data().containsKey(key) == newData.containsKey(key)) {
                continue;
            }
            Change.Action action = !base.data().containsKey(key) ? Change.Action.CREATE
                    : !newData.containsKey(key) ? Change.Action.DELETE : Change.Action.UPDATE;
            TextDiff diff = target.secret() ? TextDiff.of(SecretMask.redact(before), SecretMask.redact(after))
                    : TextDiff.of(before, after);
            String name = target.ref() + "/" + key;
            changes.add(new Change(action, name, diff.unified("live " + name, "new " + name, 3)));
        }
        if (changes.isEmpty()) {
            changes.add(new Change(Change.Action.UNCHANGED, target.ref(), "the cluster already has this content;"
                    + " nothing to apply"));
        }
        return changes;
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        newData.forEach((key, text) -> gate.problems(target, key, text).forEach(p -> problems.add(key + ": " + p)));
        return problems;
    }

    @Override
    public OperationResult<ReloadReport> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
        if (plan == null || plan != planned) {
            throw new IllegalStateException("Run the plan this apply made");
        }
        // The steps run on a token of their own: the rollback must run after the user's cancel; the user's token is
        // checked before each step that changes something.
        Run run = new Run(cancellation);
        OperationResult<ReloadReport> result = Execution.run(plan, listener, new Cancellation(), run::body);
        // Cancelled after the write and rolled back: the run ends cancelled, with the report of the rollback. A
        // rollback that failed leaves the run failed: that needs attention.
        if (run.cancelled && result.status() == OperationResult.Status.SUCCEEDED) {
            return new OperationResult<>(plan, OperationResult.Status.CANCELLED, result.steps(), result.value(),
                    result.notes(), null);
        }
        return result;
    }

    /** The state of one run: what was reloaded, and why it stopped. */
    private final class Run {
        private final Cancellation user;
        private final List<ReplicaResult> results = new ArrayList<>();
        private final List<String> attempted = new ArrayList<>();
        private String failedPod;
        private String serverError;
        private String why;
        private boolean cancelled;

        Run(Cancellation user) {
            this.user = user;
        }

        ReloadReport body(Execution ex) {
            if (unchanged()) {
                ex.plan().steps().forEach(s -> ex.skip(s.id(), "nothing to apply"));
                return new ReloadReport(true, false, target.ref() + " already has this content; nothing to apply.",
                        null, List.of(), base);
            }
            user.check();
            ex.step(VALIDATE, () -> {
                List<String> problems = problems();
                if (!problems.isEmpty()) {
                    throw new ConsoleException("The new " + target.display() + " has errors; nothing was written:\n  "
                            + String.join("\n  ", problems));
                }
                ex.detail("no errors");
            });
            user.check();
            ReloadTransaction.Layout[] layout = new ReloadTransaction.Layout[1];
            Map<String, Pod> pods = new LinkedHashMap<>();
            ConfigObject written = ex.step(WRITE, () -> {
                layout[0] = tx.layout(target);
                tx.pods(server).forEach(p -> pods.put(p.getMetadata().getName(), p));
                if (!pods.keySet().equals(new LinkedHashSet<>(replicas))) {
                    throw new ConsoleException("The " + server.title() + " replicas changed since the plan (now "
                            + String.join(", ", pods.keySet()) + "); nothing was written. Apply again.");
                }
                ConfigObject w = tx.write(base, newData);
                ex.detail("now version " + w.resourceVersion());
                return w;
            });
            LOG.info("{} written; reloading {} replica(s) of {} one at a time", target.ref(), pods.size(),
                    server.workload());
            for (String name : replicas) {
                reloadReplica(ex, name, pods.get(name), layout[0]);
            }
            if (server == StackComponent.ALERTMANAGER) {
                if (why != null) {
                    ex.skip(CHECK_HASH, "not reached");
                } else {
                    try {
                        ex.step(CHECK_HASH, () -> {
                            String mismatch = tx.hashMismatch(results);
                            if (mismatch != null) {
                                throw new ConsoleException(mismatch);
                            }
                            ex.detail("the same on every replica");
                        });
                    } catch (ConsoleException e) {
                        why = e.getMessage();
                    }
                }
            }
            if (why == null) {
                ex.skip(ROLLBACK, "not needed");
                long reloaded = results.stream().filter(r -> r.outcome() == Outcome.RELOADED).count();
                try {
                    onApplied.accept(written);
                } catch (ConsoleException e) {
                    ex.resultNote(e.getMessage());
                }
                return new ReloadReport(true, false, target.display() + " applied: " + reloaded + " of "
                        + pods.size() + " replica(s) reloaded and verified" + ReloadTransaction.skipped(results),
                        null, results, written);
            }
            return ex.step(ROLLBACK, () -> {
                ReloadReport report = rollBack(ex, written, layout[0]);
                if (report.rolledBack()) {
                    ex.detail(report.summary());
                } else {
                    ex.outcome(StepOutcome.failed(report.summary()));
                }
                return report;
            });
        }

        /**
         * Waits up to {@link #READY_GRACE} for a replica whose process runs but is not ready (a slow readiness probe
         * on a busy node) to become ready; returns the pod as last seen.
         */
        private Pod awaitReady(Execution ex, String name, Pod pod) {
            ex.note(name + ": running but not ready; waiting up to " + READY_GRACE.toSeconds() + " s to reload it");
            long deadline = System.nanoTime() + READY_GRACE.toNanos();
            Pod now = pod;
            while (now != null && !StatefulSetPods.ready(now) && StatefulSetPods.running(now)
                    && System.nanoTime() < deadline) {
                user.check();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OperationCancelledException();
                }
                now = tx.pods(server).stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst()
                        .orElse(null);
            }
            return now;
        }

        private void reloadReplica(Execution ex, String name, Pod pod, ReloadTransaction.Layout layout) {
            String id = replicaStep(name);
            if (why != null) {
                ex.skip(id, cancelled ? "not reached: cancelled" : "not reached: the apply stopped at an earlier"
                        + " step");
                results.add(new ReplicaResult(name, Outcome.NOT_TOUCHED, "never reloaded"));
                return;
            }
            if (!StatefulSetPods.ready(pod) && StatefulSetPods.running(pod)) {
                // its process is up on the old config and would keep it: give it a moment to become ready
                pod = awaitReady(ex, name, pod);
            }
            if (!StatefulSetPods.ready(pod)) {
                ex.skip(id, "not ready; it reads the file when it starts");
                results.add(new ReplicaResult(name, Outcome.SKIPPED, "not ready; it reads the file when it starts"));
                return;
            }
            try {
                user.check();
                attempted.add(name);
                ex.step(id, () -> {
                    ex.note(name + ": waiting for the kubelet to update the mounted file (it syncs ConfigMaps and"
                            + " Secrets about once a minute)");
                    tx.awaitFiles(name, server, layout, newData, base.data().keySet(), user);
                    ex.note(name + ": reloading");
                    tx.reloadAndVerify(name, server, target, newData, () -> ex.note(name + ": verifying"));
                    ex.detail("reloaded and verified");
                });
                results.add(new ReplicaResult(name, Outcome.RELOADED, "reloaded and verified"));
            } catch (ReloadTransaction.ReplicaFailure f) {
                failedPod = name;
                serverError = f.serverError;
                why = f.pod + ": " + f.getMessage();
            } catch (OperationCancelledException e) {
                cancelled = true;
                why = "cancelled";
                if (!attempted.contains(name)) {
                    ex.skip(id, "not reached: cancelled");
                    results.add(new ReplicaResult(name, Outcome.NOT_TOUCHED, "never reloaded"));
                }
            } catch (RuntimeException e) {
                failedPod = name;
                why = name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }

        /** Writes the previous content back and brings every replica that was tried back onto it, verified. */
        private ReloadReport rollBack(Execution ex, ConfigObject written, ReloadTransaction.Layout layout) {
            LOG.warn("{}: {}; writing the previous content back", target.ref(), why);
            ex.note("Rolling back: writing the previous " + target.display() + " back");
            ConfigObject restored;
            try {
                restored = tx.write(written, base.data());
            } catch (ConfigConflictException e) {
                return new ReloadReport(false, false, "Rollback impossible: " + target.ref() + " was changed by"
                        + " someone else during the reload. " + why + ". Check the object and reload by hand.",
                        serverError, results, e.theirs());
            }
            List<ReplicaResult> out = new ArrayList<>();
            boolean allBack = true;
            for (String name : replicas) {
                Optional<ReplicaResult> earlier = results.stream().filter(r -> r.pod().equals(name)).findFirst();
                if (!attempted.contains(name)) {
                    out.add(earlier.orElse(new ReplicaResult(name, Outcome.NOT_TOUCHED, "never reloaded")));
                    continue;
                }
                ex.note(name + ": restoring the previous config");
                Outcome outcome = name.equals(failedPod) ? Outcome.FAILED : Outcome.ROLLED_BACK;
                try {
                    tx.awaitFiles(name, server, layout, base.data(), newData.keySet(), Cancellation.none());
                    tx.reloadAndVerify(name, server, target, base.data(), () -> { });
                    out.add(new ReplicaResult(name, outcome, outcome == Outcome.FAILED
                            ? "refused the new config; runs the previous one again (verified)"
                            : "ran the new config; back on the previous one (verified)"));
                } catch (RuntimeException e) {
                    allBack = false;
                    out.add(new ReplicaResult(name, outcome, "could not be brought back to the previous config: "
                            + e.getMessage()));
                }
            }
            String summary = (cancelled ? "Cancelled" : "Failed: " + why.replaceAll("\\.+$", "")) + ". "
                    + (allBack ? "The previous " + target.display() + " is back on every replica that was reloaded."
                    : "ATTENTION: not every replica is verified on the previous config; see the replicas below.");
            return new ReloadReport(false, allBack, summary, serverError, out, restored);
        }
    }
}
