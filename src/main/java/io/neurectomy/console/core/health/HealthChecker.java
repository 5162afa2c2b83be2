package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.StackSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs health probes side by side over one {@link HealthContext} and gathers a {@link HealthReport}. A probe that
 * throws is reported UNKNOWN with the reason, so one broken probe never hides the others' findings.
 */
public final class HealthChecker {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
    /** How many probes run at once; each mostly waits on a port-forward. */
    private static final int PARALLEL = 6;

    private final List<HealthProbe> probes;
    private final Duration requestTimeout;
    private final BackupSource backups;
    private final Acknowledgements acknowledgements;

    public HealthChecker(List<HealthProbe> probes, Duration requestTimeout) {
        this(probes, requestTimeout, null, null);
    }

    private HealthChecker(List<HealthProbe> probes, Duration requestTimeout, BackupSource backups,
            Acknowledgements acknowledgements) {
        this.probes = List.copyOf(probes);
        this.requestTimeout = requestTimeout;
        this.backups = backups;
        this.acknowledgements = acknowledgements;
    }

    /** This checker, applying the acknowledgements of {@code store} (as they are when each check ends). */
    public HealthChecker withAcknowledgements(Acknowledgements store) {
        return new HealthChecker(probes, requestTimeout, backups, store);
    }

    /**
     * This checker, with the Backups checks looking at {@code source} (only the archives of the checked session's
     * context or API server count). Without one they say UNKNOWN: no backup location configured.
     */
    public HealthChecker withBackups(BackupSource source) {
        return new HealthChecker(probes, requestTimeout, source, acknowledgements);
    }

    /** Every probe the console has, each request waiting at most 5 s. */
    public static HealthChecker standard() {
        return new HealthChecker(HealthProbes.all(), Duration.ofSeconds(5));
    }

    public List<HealthProbe> probes() {
        return probes;
    }

    /**
     * Checks the stack of {@code session} as its snapshot shows it now. When the namespace cannot be read (the
     * snapshot never listed, or the namespace does not exist) no probe runs and the report says why.
     */
    public HealthReport check(ClusterSession session) throws InterruptedException {
        Instant start = Instant.now();
        StackSnapshot snapshot = session.state().snapshot();
        String notChecked = "";
        if (session.namespaceMissing()) {
            notChecked = "namespace " + session.namespace() + " does not exist";
        } else if (!snapshot.syncState().showsContent()) {
            notChecked = "the namespace " + session.namespace() + " could not be listed"
                    + (snapshot.syncDetail().isEmpty() ? "" : ": " + snapshot.syncDetail());
        }
        if (!notChecked.isEmpty()) {
            return new HealthReport(start, session.context(), session.namespace(), List.of(),
                    Duration.between(start, Instant.now()), notChecked);
        }
        HealthContext context = HealthContext.of(session, requestTimeout)
                .withBackups(backups == null ? null : backups.forCluster(session.context(), session.server()));
        List<ProbeResult> results = run(context);
        HealthReport report = new HealthReport(start, session.context(), session.namespace(), results,
                Duration.between(start, Instant.now()), "");
        return acknowledgements == null ? report : acknowledgements.apply(report);
    }

    /**
     * Waits until the session's picture of the namespace has been listed (or {@code limit} passes, or the session
     * closes): what a one-off check does before {@link #check}; a window's session has long been synced.
     */
    public static void awaitSync(ClusterSession session, Duration limit) throws InterruptedException {
        Object signal = new Object();
        Runnable listener = () -> {
            synchronized (signal) {
                signal.notifyAll();
            }
        };
        session.state().addListener(listener);
        try {
            long deadline = System.nanoTime() + limit.toNanos();
            synchronized (signal) {
                while (!session.state().snapshot().syncState().showsContent() && !session.isClosed()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    signal.wait(Math.max(1, left / 1_000_000));
                }
            }
        } finally {
            session.state().removeListener(listener);
        }
    }

    /** Runs every probe over {@code context}; the results in the probes' order. */
    public List<ProbeResult> run(HealthContext context) throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, Math.max(1, probes.size())), r -> {
            Thread t = new Thread(r, "health-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ProbeResult>> futures = new ArrayList<>();
            for (HealthProbe probe : probes) {
                futures.add(pool.submit(() -> runOne(probe, context)));
            }
            List<ProbeResult> results = new ArrayList<>();
            for (Future<ProbeResult> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a health probe escaped its guard", e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ProbeResult runOne(HealthProbe probe, HealthContext context) {
        Instant start = Instant.now();
        List<Finding> findings;
        try {
            findings = probe.check().check(context);
            if (findings.isEmpty()) {
                findings = List.of(Finding.of(Severity.OK, probe.code(), "", probe.title() + ": nothing to check"));
            }
        } catch (RuntimeException e) {
            LOG.warn("Health probe {} failed: {}", probe.code(), ApiMessages.rootCause(e).getMessage());
            LOG.debug("Health probe {} failed", probe.code(), e);
            findings = List.of(Finding.of(Severity.UNKNOWN, probe.code(), "",
                    "could not check: " + ApiMessages.rootCause(e).getMessage()));
        }
        return new ProbeResult(probe, findings, Duration.between(start, Instant.now()));
    }
}
