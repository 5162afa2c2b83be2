package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.testing.Kubectl;
import io.neurectomy.console.testing.KubectlSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access reviews on the sandbox (API only), answered from the stored RBAC objects of the bundled stack: through
 * real {@code kubectl auth can-i --as} and through fabric8's SubjectAccessReview.
 */
class AccessReviewTest {
    private static final String NS = "monitoring";
    private static final String PROMETHEUS = "system:serviceaccount:monitoring:prometheus";

    @RegisterExtension
    static final KubectlSandbox CLUSTER = KubectlSandbox.apiOnly();

    private static KubernetesClient admin() {
        return CLUSTER.admin();
    }

    /** kubectl's answer, its output stripped ("yes" or "no" for {@code auth can-i}). */
    private static Kubectl.Result kubectl(String... args) throws Exception {
        Kubectl.Result result = CLUSTER.kubectl().run(args);
        return new Kubectl.Result(result.code(), result.out().strip(), result.err());
    }

    @Test
    void kubectlCanIAnswersForPrometheussServiceAccountFromTheBundledClusterRole() throws Exception {
        Kubectl.Result pods = kubectl("auth", "can-i", "list", "pods", "--as=" + PROMETHEUS);
        Kubectl.Result nodes = kubectl("auth", "can-i", "watch", "nodes", "--as=" + PROMETHEUS);
        Kubectl.Result secrets = kubectl("auth", "can-i", "get", "secrets", "-n", NS, "--as=" + PROMETHEUS);
        Kubectl.Result delete = kubectl("auth", "can-i", "delete", "pods", "-n", NS, "--as=" + PROMETHEUS);

        assertThat(pods.code()).as(pods.err()).isZero();
        assertThat(pods.out()).isEqualTo("yes");
        assertThat(nodes.out()).as(nodes.err()).isEqualTo("yes");
        assertThat(secrets.out()).as(secrets.err()).isEqualTo("no");
        assertThat(secrets.code()).isEqualTo(1);
        assertThat(delete.out()).as(delete.err()).isEqualTo("no");
    }

    @Test
    void theSandboxsOwnUserMayDoEverything() throws Exception {
        Kubectl.Result result = kubectl("auth", "can-i", "delete", "secrets", "-n", NS);

        assertThat(result.out()).as(result.err()).isEqualTo("yes");
        assertThat(result.code()).isZero();
    }

    @Test
    void aRoleBindingGrantsInItsNamespaceOnlyAndOnlyTheNamedResources() throws Exception {
        String grafana = "system:serviceaccount:monitoring:grafana";
        admin().rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("read-one")
                .endMetadata().addNewRule().withApiGroups("").withResources("configmaps")
                .withResourceNames("grafana-dashboards").withVerbs("get").endRule().build()).create();
        admin().rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("read-one").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role").withName("read-one").endRoleRef().addNewSubject().withKind("ServiceAccount")
                .withName("grafana").withNamespace(NS).endSubject().build()).create();
        try {
            assertThat(kubectl("auth", "can-i", "get", "configmaps/grafana-dashboards", "-n", NS, "--as=" + grafana)
                    .out()).isEqualTo("yes");
            assertThat(kubectl("auth", "can-i", "get", "configmaps/other", "-n", NS, "--as=" + grafana).out())
                    .isEqualTo("no");
            assertThat(kubectl("auth", "can-i", "get", "configmaps/grafana-dashboards", "-n", "default",
                    "--as=" + grafana).out()).isEqualTo("no");
        } finally {
            admin().rbac().roleBindings().inNamespace(NS).withName("read-one").delete();
            admin().rbac().roles().inNamespace(NS).withName("read-one").delete();
        }
    }

    @Test
    void fabric8SubjectAccessReviewIsAnsweredWithTheBindingThatAllows() {
        SubjectAccessReview allowed = admin().authorization().v1().subjectAccessReview().create(review("list",
                "endpoints", ""));
        SubjectAccessReview denied = admin().authorization().v1().subjectAccessReview().create(review("list",
                "secrets", ""));

        assertThat(allowed.getStatus().getAllowed()).isTrue();
        assertThat(allowed.getStatus().getReason()).contains("ClusterRoleBinding \"monitoring-prometheus\"");
        assertThat(denied.getStatus().getAllowed()).isFalse();
    }

    @Test
    void aServiceAccountMayNotAskAboutOthers() {
        try (KubernetesClient prometheus = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(admin().getConfiguration())
                        .withImpersonateUsername(PROMETHEUS).build()).build()) {
            var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    io.fabric8.kubernetes.client.KubernetesClientException.class,
                    () -> prometheus.authorization().v1().subjectAccessReview().create(review("list", "pods", "")));
            assertThat(refused.getCode()).isEqualTo(403);
            assertThat(refused.getMessage()).contains("cannot create resource \"subjectaccessreviews\"");
        }
    }

    private static SubjectAccessReview review(String verb, String resource, String namespace) {
        return new SubjectAccessReviewBuilder().withNewSpec().withUser(PROMETHEUS).withNewResourceAttributes()
                .withVerb(verb).withResource(resource).withNamespace(namespace).endResourceAttributes().endSpec()
                .build();
    }
}
