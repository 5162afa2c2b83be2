package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.health.Acknowledgement;
import io.neurectomy.console.core.health.Acknowledgements;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.ops.DeletePod;
import io.neurectomy.console.core.runbook.Drill;
import io.neurectomy.console.core.runbook.ManualGate;
import io.neurectomy.console.core.runbook.RunbookOperation;
import io.neurectomy.console.core.runbook.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the Health section may do in one session: run the health check, make the operation a finding's "Restart"
 * link runs, and make the runbook the section offers. The view model never holds a client.
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

    /** How long a runbook's automatic step may wait for the cluster, and its verification may take to pass. */
    Duration RUNBOOK_TIMEOUT = Duration.ofMinutes(10);

    /**
     * The runbook of {@code scenario} on the session's stack (the same operation as {@code runbook run}): manual
     * steps go to {@code gate}, the incident clock reads {@code clock}. Made for one run.
     */
    default RunbookOperation runbook(Scenario scenario, ManualGate gate, Clock clock) {
        throw new UnsupportedOperationException("runbooks cannot be run here");
    }

    /** What the session's cluster offers beyond the Kubernetes API (fault injection: drills); none by default. */
    default Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * A recovery drill of {@code scenarioId} (a key of {@link Drill#TARGETS}) on the session's stack, the same
     * operation as {@code monitoring-console drill}, on {@code clock}. Made for one run; it plans only where
     * {@link #capabilities()} contain {@link Drill#requires}.
     */
    default Drill drill(String scenarioId, Clock clock) {
        throw new UnsupportedOperationException("drills cannot be run here");
    }

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
            public RunbookOperation runbook(Scenario scenario, ManualGate gate, Clock clock) {
                BackupSource source = backups.get();
                HealthChecker withBackups = checker.withBackups(source);
                return new RunbookOperation(session, scenario, withBackups, gate, clock, RUNBOOK_TIMEOUT,
                        RUNBOOK_TIMEOUT, Duration.ofSeconds(2)).withBackups(source == null ? null
                        : source.directory(), source == null ? null : source.s3());
            }

            @Override
            public Set<Capability> capabilities() {
                return session.capabilities();
            }

            @Override
            public Drill drill(String scenarioId, Clock clock) {
                // As the command line's drill: the standard checks, so that an acknowledgement cannot hide the fault.
                // The storage-failure drill archives into, and restores from, the Backups section's store.
                Drill drill = new Drill(session, scenarioId, null, HealthChecker.standard(), clock, RUNBOOK_TIMEOUT,
                        Duration.ofSeconds(2));
                BackupSource source = backups.get();
                return source == null ? drill : drill.withBackups(source);
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
