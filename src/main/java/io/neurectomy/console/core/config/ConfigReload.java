package io.neurectomy.console.core.config;

import io.fabric8.kubernetes.api.model.Pod;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.config.ReplicaResult.Outcome;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.core.stack.StackComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reload of {@link ReloadTransaction#reload}: one step {@code reload-<pod>} per replica, then {@code check-hash}
 * when every Alertmanager was reloaded. Stops at the first refusal; the replicas after it are not touched.
 */
final class ConfigReload extends PlannedOperation<ReloadReport> {
    private final ReloadTransaction tx;
    private final StackComponent server;
    private final Optional<String> onlyPod;
    private List<String> replicas = List.of();

    ConfigReload(ReloadTransaction tx, StackComponent server, Optional<String> onlyPod) {
        this.tx = tx;
        this.server = server;
        this.onlyPod = onlyPod;
    }

    private boolean checksHash() {
        return server == StackComponent.ALERTMANAGER && onlyPod.isEmpty();
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        replicas = tx.pods(server).stream().map(p -> p.getMetadata().getName())
                .filter(n -> onlyPod.isEmpty() || n.equals(onlyPod.get())).toList();
        if (replicas.isEmpty()) {
            throw new ConsoleException(onlyPod.map(p -> "Pod " + p + " is not a " + server.title() + " replica in "
                    + tx.namespace() + ".").orElse("No " + server.title() + " pods in " + tx.namespace() + "."));
        }
        List<Step> steps = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (String pod : replicas) {
            steps.add(new Step(ConfigApply.replicaStep(pod), "Reload " + pod + " and verify it"));
            changes.add(new Change(Change.Action.RELOAD, pod, ""));
        }
        if (checksHash()) {
            steps.add(new Step(ConfigApply.CHECK_HASH, "Check that every Alertmanager replica has the same config"
                    + " hash"));
        }
        return Plan.of("reload", "Reload " + server.title() + " in " + tx.namespace() + " on "
                        + onlyPod.orElse("every ready replica, one at a time"), steps)
                .withChanges(changes).withConfirmation(Confirmation.none());
    }

    @Override
    protected ReloadReport execute(Execution ex) {
        Map<String, Pod> pods = new HashMap<>();
        tx.pods(server).forEach(p -> pods.put(p.getMetadata().getName(), p));
        List<ReplicaResult> results = new ArrayList<>();
        ReloadTransaction.ReplicaFailure[] failure = new ReloadTransaction.ReplicaFailure[1];
        for (String name : replicas) {
            String id = ConfigApply.replicaStep(name);
            if (failure[0] != null) {
                ex.skip(id, "not reached");
                results.add(new ReplicaResult(name, Outcome.NOT_TOUCHED, "not reached"));
                continue;
            }
            Pod pod = pods.get(name);
            if (pod == null || !StatefulSetPods.ready(pod)) {
                ex.skip(id, "not ready");
                results.add(new ReplicaResult(name, Outcome.SKIPPED, "not ready"));
                continue;
            }
            ex.step(id, () -> {
                try {
                    ex.note(name + ": reloading");
                    tx.reloadAndVerify(name, server, null, Map.of(), () -> ex.note(name + ": verifying"));
                    ex.detail("reloaded and verified");
                    results.add(new ReplicaResult(name, Outcome.RELOADED, "reloaded and verified"));
                } catch (ReloadTransaction.ReplicaFailure e) {
                    failure[0] = e;
                    ex.outcome(StepOutcome.failed(e.getMessage()));
                    results.add(new ReplicaResult(name, Outcome.FAILED, e.getMessage()));
                }
            });
        }
        if (failure[0] != null) {
            if (checksHash()) {
                ex.skip(ConfigApply.CHECK_HASH, "not reached");
            }
            return new ReloadReport(false, false, failure[0].pod + " refused to reload; it keeps running its"
                    + " previous config. Fix the config and try again.", failure[0].serverError, results, null);
        }
        if (checksHash()) {
            String mismatch = ex.step(ConfigApply.CHECK_HASH, () -> {
                String m = tx.hashMismatch(results);
                ex.outcome(m == null ? StepOutcome.done("the same on every replica") : StepOutcome.failed(m));
                return m;
            });
            if (mismatch != null) {
                return new ReloadReport(false, false, mismatch, null, results, null);
            }
        }
        return new ReloadReport(true, false, server.title() + ": "
                + results.stream().filter(r -> r.outcome() == Outcome.RELOADED).count() + " replica(s) reloaded"
                + " and verified" + ReloadTransaction.skipped(results), null, results, null);
    }
}
