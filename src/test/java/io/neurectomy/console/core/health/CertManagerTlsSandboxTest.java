package io.neurectomy.console.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cert-manager part of {@code security-tls} against the sandbox's API (the check reads only the API, so the
 * sandbox runs no processes): before cert-manager's CRD is installed its API is not found and the check lists no
 * Certificate; once it is, a Ready Certificate far from expiry is OK, one close to expiry that cert-manager has not
 * renewed a WARNING (under 30 days) or CRITICAL (under 7), and one its issuer cannot sign a WARNING with the issuer's
 * message. The sandbox plays cert-manager: it writes the Secret and the Certificate's status.
 */
class CertManagerTlsSandboxTest {
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final ResourceDefinitionContext CERTIFICATES = new ResourceDefinitionContext.Builder()
            .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate").withPlural("certificates")
            .withNamespaced(true).build();

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static ClusterSession session;
    /** The check's findings before the CRD was installed. */
    private static List<Finding> beforeInstall;

    @BeforeAll
    static void start() throws InterruptedException {
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        admin = sandbox.adminClient();
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        HealthChecker.awaitSync(session, WAIT);
        assertThatThrownBy(() -> admin.genericKubernetesResources(CERTIFICATES).inNamespace(NS).list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        assertThat(admin.getApiGroups().getGroups()).noneMatch(g -> g.getName().equals("cert-manager.io"));
        beforeInstall = run();
        sandbox.installCertManagerCrd();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static List<Finding> run() {
        return SecurityAccessProbes.tls().check().check(HealthContext.of(session, Duration.ofSeconds(10)));
    }

    private static Optional<Finding> finding(List<Finding> findings, String subject) {
        return findings.stream().filter(f -> f.subject().equals(subject)).findFirst();
    }

    /** Waits until the check says {@code severity} about {@code subject}, and returns that finding. */
    private static Finding await(String subject, Severity severity) {
        List<Finding> findings = Poll.until(WAIT, CertManagerTlsSandboxTest::run,
                f -> finding(f, subject).map(x -> x.severity() == severity).orElse(false),
                "security-tls says " + severity + " about " + subject);
        return finding(findings, subject).orElseThrow();
    }

    private static void delete(String certificate) {
        admin.genericKubernetesResources(CERTIFICATES).inNamespace(NS).withName(certificate).delete();
        admin.secrets().inNamespace(NS).withName(certificate + "-tls").delete();
    }

    @Test
    void withoutCertManagerTheApiIsNotFoundAndTheCheckListsNoCertificate() {
        assertThat(beforeInstall).isNotEmpty().noneMatch(f -> f.subject().startsWith("Certificate/"))
                .noneMatch(f -> f.severity() == Severity.UNKNOWN);
        assertThat(beforeInstall).filteredOn(f -> f.subject().startsWith("Ingress/")).extracting(Finding::severity)
                .containsOnly(Severity.OK);
        // Installed: discovery lists the group, and the API stores Certificates.
        assertThat(admin.getApiGroups().getGroups()).anyMatch(g -> g.getName().equals("cert-manager.io"));
        assertThat(admin.getApiResources("cert-manager.io/v1").getResources())
                .anyMatch(r -> r.getName().equals("certificates") && r.getKind().equals("Certificate"));
    }

    @Test
    void aReadyCertificateFarFromExpiryIsOk() {
        String name = "webhook";
        Instant now = Instant.now();
        try {
            sandbox.issueCertManagerCertificate(NS, name, name + "-tls", List.of("webhook.sandbox.localhost"),
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)));
            Finding ok = await("Certificate/" + name, Severity.OK);
            assertThat(ok.message()).isEqualTo("Ready, valid for 89 more days");
            assertThat(ok.evidence()).contains("spec.secretName: webhook-tls")
                    .contains("status.notAfter: " + now.plus(Duration.ofDays(90)).truncatedTo(
                            ChronoUnit.SECONDS)).contains("type=Ready, status=True");
        } finally {
            delete(name);
        }
        Poll.until(WAIT, CertManagerTlsSandboxTest::run, f -> finding(f, "Certificate/" + name).isEmpty(),
                "the deleted Certificate gone from the check");
    }

    @Test
    void aReadyCertificateNotRenewedIsAWarningWithinThirtyDaysAndCriticalWithinSeven() {
        String name = "thanos-sidecar";
        Instant now = Instant.now();
        try {
            sandbox.issueCertManagerCertificate(NS, name, name + "-tls", List.of("thanos.sandbox.localhost"),
                    now.minus(Duration.ofDays(70)), now.plus(Duration.ofDays(20)));
            Finding warning = await("Certificate/" + name, Severity.WARNING);
            assertThat(warning.message()).isEqualTo("Ready, but its certificate expires in 19 days: cert-manager has"
                    + " not renewed it");
            assertThat(warning.fix()).contains("cmctl renew thanos-sidecar -n monitoring");

            sandbox.issueCertManagerCertificate(NS, name, name + "-tls", List.of("thanos.sandbox.localhost"),
                    now.minus(Duration.ofDays(87)), now.plus(Duration.ofDays(3)));
            Finding critical = await("Certificate/" + name, Severity.CRITICAL);
            assertThat(critical.message()).isEqualTo("Ready, but its certificate expires in 2 days: cert-manager has"
                    + " not renewed it");
        } finally {
            delete(name);
        }
    }

    @Test
    void aCertificateItsIssuerCannotSignIsNotReady() {
        String name = "grafana-staging";
        Instant now = Instant.now();
        try {
            sandbox.issueCertManagerCertificate(NS, name, name + "-tls", List.of("grafana-staging.sandbox.localhost"),
                    now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(60)));
            await("Certificate/" + name, Severity.OK);
            sandbox.failCertManagerCertificate(NS, name, "DoesNotExist", "Issuer letsencrypt-staging not found");
            Finding failed = await("Certificate/" + name, Severity.WARNING);
            assertThat(failed.message()).isEqualTo("not Ready: Issuer letsencrypt-staging not found; its certificate"
                    + " expires in 59 days");
            assertThat(failed.fix()).startsWith("kubectl describe certificate grafana-staging -n monitoring");
            assertThat(failed.evidence()).contains("reason=DoesNotExist");
        } finally {
            delete(name);
        }
    }
}
