package io.neurectomy.console.core.config;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.config.ConfigTarget.Server;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.ops.RolloutRestart;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the config editors need from a cluster: read an object, apply an edit as a reload transaction, reload or
 * restart the servers, and the local history of applied versions. {@link #of} gives the one backed by a session;
 * view-model tests give their own.
 */
public interface ConfigService {
    /** The context the session talks to (history is kept per context). */
    String context();

    ConfigObject read(ConfigTarget target);

    /** Applies {@code data} over {@code base}; see {@link ReloadTransaction#apply}. Records the version on success. */
    ReloadReport apply(ConfigObject base, Map<String, String> data, Progress progress, Cancellation cancel);

    ReloadReport reload(Server server, Optional<String> pod, Progress progress, Cancellation cancel);

    RolloutRestart.Result restart(Server server, Progress progress, Cancellation cancel);

    /** The server's replicas, by pod name, in order. */
    List<String> replicas(Server server);

    /** Applied versions of {@code target} on this context, newest first. */
    List<ConfigHistory.Version> history(ConfigTarget target);

    /** The service of a connected session: validation with the tools when present, history in {@code history}. */
    static ConfigService of(ClusterSession session, ConfigHistory history) {
        return new ConfigService() {
            private final ReloadTransaction tx = new ReloadTransaction(session.client(), session.namespace(),
                    ConfigGate.validating(ConfigValidator.withTools()), ReloadTransaction.Options.defaults());

            @Override
            public String context() {
                return session.context();
            }

            @Override
            public ConfigObject read(ConfigTarget target) {
                return tx.store().read(target);
            }

            @Override
            public ReloadReport apply(ConfigObject base, Map<String, String> data, Progress progress,
                                      Cancellation cancel) {
                ReloadReport report = tx.apply(base, data, progress, cancel);
                if (report.success()) {
                    try {
                        history.record(session.context(), report.written(), Instant.now());
                    } catch (ConsoleException e) {
                        return new ReloadReport(true, false, report.summary() + " (" + e.getMessage() + ")", null,
                                report.replicas(), report.written());
                    }
                }
                return report;
            }

            @Override
            public ReloadReport reload(Server server, Optional<String> pod, Progress progress, Cancellation cancel) {
                return tx.reload(server, pod, progress, cancel);
            }

            @Override
            public RolloutRestart.Result restart(Server server, Progress progress, Cancellation cancel) {
                return RolloutRestart.statefulSet(session.client(), session.namespace(), server.workload(),
                        Duration.ofMinutes(10), Duration.ofSeconds(1), progress, cancel);
            }

            @Override
            public List<String> replicas(Server server) {
                String prefix = server.workload() + "-";
                return session.state().snapshot().pods().stream().map(p -> p.name())
                        .filter(n -> n.startsWith(prefix) && n.substring(prefix.length()).matches("\\d+"))
                        .sorted(java.util.Comparator.comparingInt(n -> Integer.parseInt(n.substring(prefix.length()))))
                        .toList();
            }

            @Override
            public List<ConfigHistory.Version> history(ConfigTarget target) {
                return history.list(session.context(), target);
            }
        };
    }
}
