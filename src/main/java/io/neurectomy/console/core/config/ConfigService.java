package io.neurectomy.console.core.config;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.ops.RolloutRestart;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the config editors and the {@code config apply} and {@code reload} commands need from a cluster: read an
 * object, the operations that apply an edit (a reload transaction that records the applied version), reload or
 * restart the servers, and the local history of applied versions. {@link #of} gives the one backed by a session,
 * for the window and the command line alike; view-model tests give their own.
 */
public interface ConfigService {
    /**
     * How the operations are paced.
     *
     * @param reload         the reload transaction's limits (propagation timeout, polling, requests)
     * @param restartTimeout how long a rollout restart may take to replace every replica
     */
    record Options(ReloadTransaction.Options reload, Duration restartTimeout) {
        public Options {
            Objects.requireNonNull(reload, "reload");
            Objects.requireNonNull(restartTimeout, "restartTimeout");
        }

        public static Options defaults() {
            return new Options(ReloadTransaction.Options.defaults(), Duration.ofMinutes(10));
        }

        /** With {@code timeout} for the kubelet to update each pod's mounted file. */
        public Options withPropagation(Duration timeout) {
            return new Options(reload.withPropagation(timeout), restartTimeout);
        }

        public Options withRestartTimeout(Duration timeout) {
            return new Options(reload, timeout);
        }
    }

    /** The context the session talks to (history is kept per context). */
    String context();

    ConfigObject read(ConfigTarget target);

    /**
     * Applies {@code data} over {@code base} and reloads the servers: see {@link ReloadTransaction#apply}. A
     * successful apply is recorded in the history; when that fails, the result carries a note and the apply
     * stands.
     */
    Operation<ReloadReport> apply(ConfigObject base, Map<String, String> data);

    /** Reloads {@code server} on {@code pod}, or on every ready replica: see {@link ReloadTransaction#reload}. */
    Operation<ReloadReport> reload(StackComponent server, Optional<String> pod);

    /** A rollout restart of {@code server}'s StatefulSet, waiting until every replica is back and ready. */
    Operation<RolloutRestart.Result> restart(StackComponent server);

    /** The server's replicas, by pod name, in order. */
    List<String> replicas(StackComponent server);

    /** Applied versions of {@code target} on this context, newest first. */
    List<ConfigHistory.Version> history(ConfigTarget target);

    /** The service of a connected session with the default pacing. */
    static ConfigService of(ClusterSession session, ConfigHistory history) {
        return of(session, history, Options.defaults());
    }

    /** The service of a connected session: validation with the tools when present, history in {@code history}. */
    static ConfigService of(ClusterSession session, ConfigHistory history, Options options) {
        ReloadTransaction tx = new ReloadTransaction(session.client(), session.namespace(),
                ConfigGate.validating(ConfigValidator.withTools()), options.reload());
        return new ConfigService() {
            @Override
            public String context() {
                return session.context();
            }

            @Override
            public ConfigObject read(ConfigTarget target) {
                return tx.store().read(target);
            }

            @Override
            public Operation<ReloadReport> apply(ConfigObject base, Map<String, String> data) {
                return tx.apply(base, data, written -> history.record(session.context(), written, Instant.now()));
            }

            @Override
            public Operation<ReloadReport> reload(StackComponent server, Optional<String> pod) {
                return tx.reload(server, pod);
            }

            @Override
            public Operation<RolloutRestart.Result> restart(StackComponent server) {
                return new RolloutRestart(session.client(), session.namespace(), server, options.restartTimeout(),
                        Duration.ofSeconds(1));
            }

            @Override
            public List<String> replicas(StackComponent server) {
                return session.state().snapshot().pods().stream().map(p -> p.name()).filter(server::ownsPod)
                        .sorted(Comparator.comparingInt(n -> Integer.parseInt(n.substring(n.lastIndexOf('-') + 1))))
                        .toList();
            }

            @Override
            public List<ConfigHistory.Version> history(ConfigTarget target) {
                return history.list(session.context(), target);
            }
        };
    }
}
