package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.config.ConfigConflictException;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigObject;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.config.ReloadReport;
import io.neurectomy.console.core.config.ReplicaResult;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.ops.RolloutRestart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory cluster for the editors: objects with versions, a 409 on a stale write, a scripted refusal. */
final class FakeConfigService implements ConfigService {
    private final Map<ConfigTarget, ConfigObject> objects = new EnumMap<>(ConfigTarget.class);
    private final List<ConfigHistory.Version> versions = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> applied = new CopyOnWriteArrayList<>();
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

    @Override
    public synchronized ReloadReport apply(ConfigObject base, Map<String, String> data, Progress progress,
                                           Cancellation cancel) {
        ConfigObject live = objects.get(base.target());
        if (!live.resourceVersion().equals(base.resourceVersion())) {
            throw new ConfigConflictException(base, live, base.withData(data));
        }
        progress.step(1, 2, "Writing");
        String joined = String.join("\n", data.values());
        if (refuseContaining != null && joined.contains(refuseContaining)) {
            ConfigObject restored = new ConfigObject(base.target(), "monitoring", String.valueOf(version += 2),
                    base.data());
            objects.put(base.target(), restored);
            return new ReloadReport(false, true, "Failed: prometheus-0 refused the new config. The previous config is"
                    + " back on every replica that was reloaded.", "err=\"bad rule\"", List.of(
                    new ReplicaResult("prometheus-0", ReplicaResult.Outcome.FAILED, "refused"),
                    new ReplicaResult("prometheus-1", ReplicaResult.Outcome.NOT_TOUCHED, "never reloaded")),
                    restored);
        }
        put(base.target(), data);
        applied.add(Map.copyOf(data));
        ConfigObject written = objects.get(base.target());
        versions.add(0, new ConfigHistory.Version(Instant.now(), "fake", base.target(), written.resourceVersion(),
                written.data(), null));
        progress.step(2, 2, "Done");
        return new ReloadReport(true, false, "applied: 2 of 2 replica(s) reloaded and verified", null, List.of(
                new ReplicaResult("prometheus-0", ReplicaResult.Outcome.RELOADED, "reloaded and verified"),
                new ReplicaResult("prometheus-1", ReplicaResult.Outcome.RELOADED, "reloaded and verified")), written);
    }

    @Override
    public ReloadReport reload(ConfigTarget.Server server, Optional<String> pod, Progress progress,
                               Cancellation cancel) {
        return new ReloadReport(true, false, "reloaded", null, List.of(), null);
    }

    @Override
    public RolloutRestart.Result restart(ConfigTarget.Server server, Progress progress, Cancellation cancel) {
        return new RolloutRestart.Result(server.workload(), 2, 2, Duration.ofSeconds(1));
    }

    @Override
    public List<String> replicas(ConfigTarget.Server server) {
        return List.of(server.workload() + "-0", server.workload() + "-1");
    }

    @Override
    public List<ConfigHistory.Version> history(ConfigTarget target) {
        return new ArrayList<>(versions.stream().filter(v -> v.target() == target).toList());
    }
}
