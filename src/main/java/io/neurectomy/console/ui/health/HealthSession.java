package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.health.Acknowledgement;
import io.neurectomy.console.core.health.Acknowledgements;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.ops.DeletePod;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the Health section may do in one session: run the health check, and make the operation a finding's
 * "Restart" link runs. The view model never holds a client.
 */
public interface HealthSession {
    /** How long a check waits for the session's first listing of the namespace before it says it could not check. */
    Duration SYNC_LIMIT = Duration.ofSeconds(20);

    /**
     * Runs every health probe over the session's stack; blocks (off the FX thread), about a second, and after
     * connecting until the session's picture of the namespace has been listed.
     */
    HealthReport check() throws InterruptedException;

    /**
     * The operation that deletes pod {@code name} of {@code namespace} so that its controller replaces it (the
     * controller named in its plan, as the session's picture knows it).
     */
    Operation<Void> deletePod(String namespace, String name);

    /** Whether findings can be acknowledged here ({@link #acknowledge}). */
    default boolean acknowledges() {
        return false;
    }

    /**
     * Acknowledges the finding {@code code} on {@code subject} on the session's context for {@code lasting}: file
     * I/O, off the FX thread.
     */
    default Acknowledgement acknowledge(String code, String subject, String reason, Duration lasting) {
        throw new UnsupportedOperationException("findings cannot be acknowledged here");
    }

    /** Withdraws the acknowledgement of {@code code} on {@code subject}; whether there was one (file I/O). */
    default boolean unacknowledge(String code, String subject) {
        throw new UnsupportedOperationException("findings cannot be acknowledged here");
    }

    /** The core's standard health check of {@code session}'s stack, and its delete-pod operation. */
    static HealthSession of(ClusterSession session) {
        return of(session, () -> null, null);
    }

    /**
     * The core's standard health check of {@code session}'s stack with the Backups checks looking where
     * {@code backups} says at each check (null: nowhere configured), the acknowledgements of {@code store} applied
     * and made there (null: none), and its delete-pod operation.
     */
    static HealthSession of(ClusterSession session, Supplier<BackupSource> backups, Acknowledgements store) {
        HealthChecker checker = store == null ? HealthChecker.standard()
                : HealthChecker.standard().withAcknowledgements(store);
        return new HealthSession() {
            @Override
            public HealthReport check() throws InterruptedException {
                // Right after connecting the first check would otherwise say "could not be listed" for a moment.
                HealthChecker.awaitSync(session, SYNC_LIMIT);
                return checker.withBackups(backups.get()).check(session);
            }

            @Override
            public boolean acknowledges() {
                return store != null;
            }

            @Override
            public Acknowledgement acknowledge(String code, String subject, String reason, Duration lasting) {
                if (store == null) {
                    return HealthSession.super.acknowledge(code, subject, reason, lasting);
                }
                return store.add(session.context(), code, subject, reason, System.getProperty("user.name", ""),
                        lasting);
            }

            @Override
            public boolean unacknowledge(String code, String subject) {
                if (store == null) {
                    return HealthSession.super.unacknowledge(code, subject);
                }
                return store.remove(session.context(), code, subject);
            }

            @Override
            public Operation<Void> deletePod(String namespace, String name) {
                String ns = namespace == null || namespace.isEmpty() ? session.namespace() : namespace;
                // The owner as the session's picture knows it, for the plan's note (as the topology's delete).
                String controller = session.state().snapshot().pods().stream()
                        .filter(p -> p.name().equals(name) && (p.namespace().isEmpty() || p.namespace().equals(ns)))
                        .map(PodInfo::workload).findFirst().orElse("");
                return new DeletePod(session, ns, name, controller);
            }
        };
    }
}
