package io.neurectomy.console.core.health;

import static io.neurectomy.console.testing.HealthSandbox.finding;
import static io.neurectomy.console.testing.HealthSandbox.is;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Conflicts;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security checks against the full sandbox (real Prometheus and Alertmanager processes; connections tried from
 * the pods go through the sandbox's Service routing, which honours the NetworkPolicies): a fresh stack passes each
 * one, and each fault (a policy deleted or added, a Role granting secrets, a namespace label removed, a pod made
 * privileged, an expired or mismatched certificate) fails the check it concerns with the right severity and
 * subject. Each test undoes its fault.
 */
class SecurityHealthSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = "monitoring";

    private static HealthSandbox health;
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static ClusterSession session;

    @BeforeAll
    static void start() throws InterruptedException {
        health = HealthSandbox.start(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
        sandbox = health.sandbox();
        admin = health.admin();
        session = health.session();
    }

    @AfterAll
    static void stop() {
        if (health != null) {
            health.close();
        }
    }

    private static List<Finding> run(HealthProbe probe) {
        return health.run(probe, Duration.ofSeconds(20));
    }

    private static Finding await(HealthProbe probe, String subject, Severity severity) {
        return health.await(probe, Duration.ofSeconds(20), subject, severity);
    }

    private static <T extends HasMetadata> T fresh(T object) {
        ObjectMeta meta = object.getMetadata();
        meta.setResourceVersion(null);
        meta.setUid(null);
        meta.setCreationTimestamp(null);
        meta.setManagedFields(null);
        return object;
    }

    @Test
    void aFreshStackPassesEverySecurityCheck() {
        HealthReport report = Poll.until(WAIT, () -> {
            try {
                return HealthChecker.standard().check(session);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, r -> r.status() == HealthStatus.HEALTHY && r.results(HealthArea.SECURITY).stream()
                .flatMap(p -> p.findings().stream()).anyMatch(f -> f.code().equals("security-connectivity")
                        && f.severity() == Severity.OK), "a healthy report with a connection tried");

        List<Finding> security = report.results(HealthArea.SECURITY).stream().flatMap(p -> p.findings().stream())
                .toList();
        assertThat(report.results(HealthArea.SECURITY)).extracting(p -> p.probe().code()).containsExactly(
                "security-network-policies", "security-connectivity", "security-rbac", "security-pod-security",
                "security-tls");
        assertThat(security).noneMatch(Finding::actionable);
        List<Finding> network = findings(security, "security-network-policies");
        assertThat(finding(network, "Namespace/" + NS).orElseThrow().message()).contains("default-deny");
        List<Finding> connections = findings(security, "security-connectivity");
        assertThat(finding(connections, "prometheus → alertmanager." + NS + ":9093").orElseThrow().severity())
                .isEqualTo(Severity.OK);
        assertThat(finding(connections, "alertmanager → prometheus." + NS + ":9090").orElseThrow().message())
                .contains("is refused").contains("as it should be");
        // Grafana has no process in the sandbox: the guide's own probe cannot be tried, and says why.
        Finding grafana = finding(connections, "prometheus → grafana." + NS + ":3000").orElseThrow();
        assertThat(grafana.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(grafana.message()).contains("no process behind it");
        assertThat(finding(findings(security, "security-rbac"), "ServiceAccount/prometheus").orElseThrow()
                .severity()).isEqualTo(Severity.OK);
        assertThat(finding(findings(security, "security-pod-security"), "Namespace/" + NS).orElseThrow()
                .severity()).isEqualTo(Severity.OK);
        assertThat(findings(security, "security-tls")).filteredOn(f -> f.subject().startsWith("Ingress/"))
                .extracting(Finding::subject, Finding::severity).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Ingress/prometheus", Severity.OK),
                        org.assertj.core.groups.Tuple.tuple("Ingress/alertmanager", Severity.OK),
                        org.assertj.core.groups.Tuple.tuple("Ingress/grafana", Severity.OK));
        assertThat(String.join("\n", security.stream().map(Finding::evidence).toList()))
                .doesNotContain("PRIVATE KEY").doesNotContain("BEGIN CERTIFICATE");
    }

    private static List<Finding> findings(List<Finding> all, String code) {
        return all.stream().filter(f -> f.code().equals(code)).toList();
    }

    @Test
    void deletingTheDefaultDenyIsAWarningOnTheNamespace() {
        NetworkPolicy deny = admin.network().v1().networkPolicies().inNamespace(NS).withName("default-deny").get();
        admin.network().v1().networkPolicies().inNamespace(NS).withName("default-deny").delete();
        try {
            Finding f = await(SecurityProbes.networkPolicies(), "Namespace/" + NS, Severity.WARNING);
            assertThat(f.message()).contains("no default-deny policy");
        } finally {
            admin.resource(fresh(deny)).create();
        }
        await(SecurityProbes.networkPolicies(), "Namespace/" + NS, Severity.OK);
    }

    @Test
    void deletingAlertmanagersPolicyCutsPrometheusOffFromItInTheSandboxToo() {
        NetworkPolicy own = admin.network().v1().networkPolicies().inNamespace(NS).withName("alertmanager").get();
        String subject = "prometheus → alertmanager." + NS + ":9093";
        await(SecurityProbes.connectivity(), subject, Severity.OK);
        admin.network().v1().networkPolicies().inNamespace(NS).withName("alertmanager").delete();
        try {
            Finding tried = await(SecurityProbes.connectivity(), subject, Severity.ERROR);
            assertThat(tried.evidence()).contains("timed out");
            Finding read = await(SecurityProbes.networkPolicies(), "alertmanager", Severity.ERROR);
            assertThat(read.message()).contains("no NetworkPolicy admitting connections selects");
            assertThat(finding(run(SecurityProbes.networkPolicies()), "prometheus → alertmanager:9093/TCP"))
                    .map(Finding::severity).contains(Severity.ERROR);
        } finally {
            admin.resource(fresh(own)).create();
        }
        await(SecurityProbes.connectivity(), subject, Severity.OK);
    }

    @Test
    void aPolicyThatAdmitsEverythingOpensAPathThatMustBeRefused() {
        String subject = "alertmanager → prometheus." + NS + ":9090";
        await(SecurityProbes.connectivity(), subject, Severity.OK);
        admin.network().v1().networkPolicies().inNamespace(NS).resource(new NetworkPolicyBuilder().withNewMetadata()
                .withName("allow-everything").endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress", "Egress").addNewIngress().endIngress().addNewEgress().endEgress()
                .endSpec().build()).create();
        try {
            Finding f = await(SecurityProbes.connectivity(), subject, Severity.WARNING);
            assertThat(f.message()).contains("should refuse");
            assertThat(finding(run(SecurityProbes.networkPolicies()), "alertmanager → prometheus:9090/TCP"))
                    .map(Finding::severity).contains(Severity.WARNING);
        } finally {
            admin.network().v1().networkPolicies().inNamespace(NS).withName("allow-everything").delete();
        }
        await(SecurityProbes.connectivity(), subject, Severity.OK);
    }

    @Test
    void aRoleGrantingSecretsToPrometheusIsAWarningOnItsServiceAccount() {
        String subject = "ServiceAccount/prometheus";
        await(SecurityAccessProbes.rbac(), subject, Severity.OK);
        admin.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("read-secrets")
                .endMetadata().addNewRule().withApiGroups("").withResources("secrets").withVerbs("get").endRule()
                .build()).create();
        admin.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("read-secrets").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role").withName("read-secrets").endRoleRef().addNewSubject().withKind("ServiceAccount")
                .withName("prometheus").withNamespace(NS).endSubject().build()).create();
        try {
            Finding f = await(SecurityAccessProbes.rbac(), subject, Severity.WARNING);
            assertThat(f.message()).contains("may get secrets in " + NS).contains("read-secrets");
        } finally {
            admin.rbac().roleBindings().inNamespace(NS).withName("read-secrets").delete();
            admin.rbac().roles().inNamespace(NS).withName("read-secrets").delete();
        }
        await(SecurityAccessProbes.rbac(), subject, Severity.OK);
    }

    @Test
    void removingTheEnforceLabelOrMakingAPodPrivilegedIsAWarning() {
        String namespace = "Namespace/" + NS;
        await(SecurityProbes.podSecurity(), namespace, Severity.OK);
        admin.namespaces().withName(NS).edit(n -> {
            n.getMetadata().getLabels().remove("pod-security.kubernetes.io/enforce");
            return n;
        });
        try {
            Finding f = await(SecurityProbes.podSecurity(), namespace, Severity.WARNING);
            assertThat(f.message()).contains("no pod-security.kubernetes.io/enforce label");
        } finally {
            admin.namespaces().withName(NS).edit(n -> {
                n.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
                return n;
            });
        }
        await(SecurityProbes.podSecurity(), namespace, Severity.OK);

        editPod("alertmanager-2", p -> {
            p.getSpec().getContainers().get(0).getSecurityContext().setPrivileged(true);
            return p;
        });
        try {
            Finding pod = await(SecurityProbes.podSecurity(), "alertmanager-2", Severity.WARNING);
            assertThat(pod.message()).contains("privileged: true");
        } finally {
            editPod("alertmanager-2", p -> {
                p.getSpec().getContainers().get(0).getSecurityContext().setPrivileged(null);
                return p;
            });
        }
    }

    @Test
    void anExpiredOrMismatchedCertificateFailsTheTlsCheck() {
        String secret = "monitoring-tls";
        var original = admin.secrets().inNamespace(NS).withName(secret).get();
        Instant now = Instant.now();
        try {
            sandbox.issueCertificate(NS, secret, List.of("prometheus.sandbox.localhost",
                    "alertmanager.sandbox.localhost", "grafana.sandbox.localhost"), now.minus(Duration.ofDays(100)),
                    now.minus(Duration.ofDays(2)));
            Finding expired = await(SecurityAccessProbes.tls(), "Ingress/grafana", Severity.CRITICAL);
            assertThat(expired.message()).contains("expired on");
            assertThat(expired.evidence()).contains("DNS names: [prometheus.sandbox.localhost")
                    .doesNotContain("PRIVATE KEY");

            sandbox.issueCertificate(NS, secret, List.of("prometheus.sandbox.localhost",
                    "alertmanager.sandbox.localhost"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(60)));
            Finding mismatch = await(SecurityAccessProbes.tls(), "Ingress/grafana", Severity.ERROR);
            assertThat(mismatch.message()).contains("does not name [grafana.sandbox.localhost]");
            assertThat(is(run(SecurityAccessProbes.tls()), "Ingress/prometheus", Severity.OK)).isTrue();

            sandbox.issueCertificate(NS, secret, List.of("*.sandbox.localhost"), now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(20)));
            Finding soon = await(SecurityAccessProbes.tls(), "Ingress/grafana", Severity.WARNING);
            assertThat(soon.message()).contains("expires in 19 days");
        } finally {
            admin.resource(fresh(original)).createOr(o -> o.update());
        }
        await(SecurityAccessProbes.tls(), "Ingress/grafana", Severity.OK);
    }

    @Test
    void anAccessReviewTheConsoleMayNotCreateIsUnknownWithTheApisMessage() {
        // The console connected as Grafana's service account, which may not ask what others may do.
        try (KubernetesClient grafana = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(admin.getConfiguration())
                        .withImpersonateUsername("system:serviceaccount:" + NS + ":grafana").build()).build()) {
            HealthContext context = new HealthContext(NS, session.state().snapshot(),
                    new io.neurectomy.console.core.endpoints.PodCalls(grafana, NS, Duration.ofSeconds(20)),
                    java.util.Map.of());

            List<Finding> findings = SecurityAccessProbes.rbac().check().check(context);

            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Severity.UNKNOWN);
                assertThat(f.subject()).isEqualTo("ServiceAccount/prometheus");
                assertThat(f.message()).contains("could not ask the API server")
                        .contains("cannot create resource \"subjectaccessreviews\"");
            });
        }
    }

    @Test
    void aMissingTlsSecretIsAWarning() {
        String secret = "monitoring-tls";
        var original = admin.secrets().inNamespace(NS).withName(secret).get();
        admin.secrets().inNamespace(NS).withName(secret).delete();
        try {
            Finding f = await(SecurityAccessProbes.tls(), "Ingress/prometheus", Severity.WARNING);
            assertThat(f.message()).contains("TLS Secret monitoring-tls does not exist");
        } finally {
            admin.resource(fresh(original)).create();
        }
        await(SecurityAccessProbes.tls(), "Ingress/prometheus", Severity.OK);
    }

    /** Edits the pod; made again when the controller wrote its status in between (409 Conflict). */
    private static void editPod(String name, UnaryOperator<Pod> change) {
        Conflicts.retry(WAIT, name + " edited", () -> admin.pods().inNamespace(NS).withName(name).edit(change));
    }
}
