package io.neurectomy.console.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthContext;
import io.neurectomy.console.core.health.HealthProbe;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ground of the health tests against the sandbox: a full sandbox (real Prometheus and, when asked, Alertmanager
 * processes), its admin client, and a console session on its {@code monitoring} namespace whose view of the cluster
 * has caught up; with the readings every such test makes (a full check, one probe, a finding by code and subject, a
 * wait until a probe says a severity).
 */
public final class HealthSandbox implements AutoCloseable {
    /** The stack's namespace. */
    public static final String NS = "monitoring";

    private final SandboxCluster sandbox;
    private final KubernetesClient admin;
    private final ClusterSession session;
    private final Duration wait;

    private HealthSandbox(SandboxCluster sandbox, KubernetesClient admin, ClusterSession session, Duration wait) {
        this.sandbox = sandbox;
        this.admin = admin;
        this.session = session;
        this.wait = wait;
    }

    /**
     * Starts the sandbox once the named real servers are found ({@link RealServers}), connects a session and waits
     * (at most {@code wait}, which only catches hangs) until it sees the stack.
     */
    public static HealthSandbox start(Duration wait, String... servers) throws InterruptedException {
        for (String server : servers) {
            RealServers.require(server);
        }
        SandboxCluster sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        KubernetesClient admin = null;
        ClusterSession session = null;
        try {
            admin = sandbox.adminClient();
            session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                    KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
            HealthChecker.awaitSync(session, wait);
            return new HealthSandbox(sandbox, admin, session, wait);
        } catch (RuntimeException | InterruptedException e) {
            new HealthSandbox(sandbox, admin, session, wait).close();
            throw e;
        }
    }

    /**
     * As {@link #start}, then waits (at most {@code wait}) until the whole health check calls the fresh stack
     * healthy: the ground of a test that breaks something and watches it recover.
     */
    public static HealthSandbox startHealthy(Duration wait, String... servers) throws InterruptedException {
        HealthSandbox ground = start(wait, servers);
        try {
            Poll.until(wait, ground::check, r -> r.status() == HealthStatus.HEALTHY, "the fresh stack settled");
            return ground;
        } catch (RuntimeException | Error e) {
            ground.close();
            throw e;
        }
    }

    public SandboxCluster sandbox() {
        return sandbox;
    }

    public KubernetesClient admin() {
        return admin;
    }

    public ClusterSession session() {
        return session;
    }

    /** The whole standard health check, now. */
    public HealthReport check() {
        try {
            return HealthChecker.standard().check(session);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One probe's findings, now, each call into a pod answering within {@code callTimeout}. */
    public List<Finding> run(HealthProbe probe, Duration callTimeout) {
        return probe.check().check(HealthContext.of(session, callTimeout));
    }

    /** Waits until {@code probe} says {@code severity} about {@code subject}, and returns that finding. */
    public Finding await(HealthProbe probe, Duration callTimeout, String subject, Severity severity) {
        List<Finding> findings = Poll.until(wait, () -> run(probe, callTimeout), f -> is(f, subject, severity),
                probe.code() + " says " + severity + " about " + subject);
        return finding(findings, subject).orElseThrow();
    }

    /** The finding of {@code code} about {@code subject} in a report. */
    public static Optional<Finding> finding(HealthReport report, String code, String subject) {
        return report.findings().stream().filter(f -> f.code().equals(code) && f.subject().equals(subject))
                .findFirst();
    }

    /** Whether the report's finding of {@code code} about {@code subject} has that severity. */
    public static boolean severity(HealthReport report, String code, String subject, Severity severity) {
        return finding(report, code, subject).map(f -> f.severity() == severity).orElse(false);
    }

    /** The finding about {@code subject} among one probe's findings. */
    public static Optional<Finding> finding(List<Finding> findings, String subject) {
        return findings.stream().filter(f -> f.subject().equals(subject)).findFirst();
    }

    /** Whether one probe's finding about {@code subject} has that severity. */
    public static boolean is(List<Finding> findings, String subject, Severity severity) {
        return finding(findings, subject).map(f -> f.severity() == severity).orElse(false);
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
        if (admin != null) {
            admin.close();
        }
        sandbox.close();
    }
}
