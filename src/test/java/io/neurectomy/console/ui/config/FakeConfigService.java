package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.config.ConfigConflictException;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigObject;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.config.ReloadReport;
import io.neurectomy.console.core.config.ReplicaResult;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.RolloutRestart;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory cluster for the editors: objects with versions, a 409 on a stale write, a scripted refusal, and
 * operations with the real ones' step ids.
 */
final class FakeConfigService implements ConfigService {
    private final Map<ConfigTarget, ConfigObject> objects = new EnumMap<>(ConfigTarget.class);
    private final List<ConfigHistory.Version> versions = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> applied = new CopyOnWriteArrayList<>();
    final List<String> restarted = new CopyOnWriteArrayList<>();
    volatile String refuseContaining;
    private int version = 100;

    FakeConfigService put(ConfigTarget target, Map<String, String> data) {
        objects.put(target, new ConfigObject(target, "monitoring", String.valueOf(++version), data));
        return this;
    }

    /** Someone else writes the object. */
    synchronized void changeBehindTheEditorsBack(ConfigTarget target, Map<String, String> data) {
        put(target, data);
    }

    @Override
    public String context() {
        return "fake";
    }

    @Override
    public synchronized ConfigObject read(ConfigTarget target) {
        return objects.get(target);
    }

    /** An operation of {@code plan} whose run is {@code body}. */
    private static <R> Operation<R> operation(Plan plan, Execution.Body<R> body) {
        return new Operation<>() {
            @Override
            public Plan plan(Cancellation cancellation) {
                return plan;
            }

            @Override
            public OperationResult<R> run(Plan p, ProgressListener listener, Cancellation cancellation) {
                return Execution.run(p, listener, cancellation, body);
            }
        };
    }

    private List<Step> replicaSteps(StackComponent server) {
        return replicas(server).stream().map(p -> new Step("reload-" + p, "Reload " + p)).toList();
    }

    @Override
    public Operation<ReloadReport> apply(ConfigObject base, Map<String, String> data) {
        List<Step> steps = new ArrayList<>(List.of(new Step("validate", "Validate"), new Step("write", "Write")));
        steps.addAll(replicaSteps(base.target().server()));
        steps.add(new Step("rollback", "Roll back"));
        Plan plan = Plan.of("config-apply", "Apply " + base.target().ref(), steps)
                .withConfirmation(Confirmation.yes("Apply?"));
        return operation(plan, ex -> {
            ex.step("validate", () -> { });
            ConfigObject written = ex.step("write", () -> write(base, data));
            boolean refused = refuseContaining != null && String.join("\n", data.values()).contains(refuseContaining);
            if (refused) {
                ex.step("reload-prometheus-0", () -> ex.outcome(StepOutcome.failed("refused")));
                ex.skip("reload-prometheus-1", "not reached");
                ConfigObject restored = ex.step("rollback", () -> restore(base));
                return new ReloadReport(false, true, "Failed: prometheus-0 refused the new config. The previous"
                        + " config is back on every replica that was reloaded.", "err=\"bad rule\"", List.of(
                        new ReplicaResult("prometheus-0", ReplicaResult.Outcome.FAILED, "refused"),
                        new ReplicaResult("prometheus-1", ReplicaResult.Outcome.NOT_TOUCHED, "never reloaded")),
                        restored);
            }
            replicaSteps(base.target().server()).forEach(s -> ex.step(s.id(), () -> { }));
            ex.skip("rollback", "not needed");
            applied.add(Map.copyOf(data));
            versions.add(0, new ConfigHistory.Version(Instant.now(), "fake", base.target(),
                    written.resourceVersion(), written.data(), null));
            return new ReloadReport(true, false, "applied: 2 of 2 replica(s) reloaded and verified", null, List.of(
                    new ReplicaResult("prometheus-0", ReplicaResult.Outcome.RELOADED, "reloaded and verified"),
                    new ReplicaResult("prometheus-1", ReplicaResult.Outcome.RELOADED, "reloaded and verified")),
                    written);
        });
    }

    private synchronized ConfigObject write(ConfigObject base, Map<String, String> data) {
        ConfigObject live = objects.get(base.target());
        if (!live.resourceVersion().equals(base.resourceVersion())) {
            throw new ConfigConflictException(base, live, base.withData(data));
        }
        put(base.target(), data);
        return objects.get(base.target());
    }

    private synchronized ConfigObject restore(ConfigObject base) {
        ConfigObject restored = new ConfigObject(base.target(), "monitoring", String.valueOf(version += 2),
                base.data());
        objects.put(base.target(), restored);
        return restored;
    }

    @Override
    public Operation<ReloadReport> reload(StackComponent server, Optional<String> pod) {
        List<Step> steps = replicaSteps(server).stream().filter(s -> pod.isEmpty() || s.id().endsWith(pod.get()))
                .toList();
        return operation(Plan.of("reload", "Reload " + server.title(), steps), ex -> {
            steps.forEach(s -> ex.step(s.id(), () -> { }));
            return new ReloadReport(true, false, "reloaded", null, List.of(), null);
        });
    }

    @Override
    public Operation<RolloutRestart.Result> restart(StackComponent server) {
        Plan plan = Plan.of("restart", "Restart " + server.workload(), List.of(new Step("restart", "Restart"),
                new Step("rollout", "Wait"))).withConfirmation(Confirmation.yes("Restart every replica?"));
        return operation(plan, ex -> {
            ex.step("restart", () -> restarted.add(server.workload()));
            ex.step("rollout", () -> { });
            return new RolloutRestart.Result(server.workload(), 2, 2, Duration.ofSeconds(1));
        });
    }

    @Override
    public List<String> replicas(StackComponent server) {
        return List.of(server.workload() + "-0", server.workload() + "-1");
    }

    @Override
    public List<ConfigHistory.Version> history(ConfigTarget target) {
        return new ArrayList<>(versions.stream().filter(v -> v.target() == target).toList());
    }
}
