package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CustomResourceDefinitions on the sandbox as on an API server: a third-party API no CRD defines is not found; once
 * its CRD is created discovery lists it and its objects are stored; once the CRD is deleted it is gone again.
 */
class CustomResourcesTest {
    private static final String NS = "monitoring";
    private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
            .withGroup("example.org").withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true)
            .build();

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        admin = sandbox.adminClient();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static void assertNotFound() {
        assertThatThrownBy(() -> admin.genericKubernetesResources(WIDGETS).inNamespace(NS).list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        assertThat(admin.getApiGroups().getGroups()).noneMatch(g -> g.getName().equals("example.org"));
    }

    @Test
    void aThirdPartyApiExistsFromTheCreationOfItsCrdToItsDeletion() {
        assertNotFound();

        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder().withNewMetadata()
                .withName("widgets.example.org").endMetadata().withNewSpec().withGroup("example.org")
                .withScope("Namespaced").withNewNames().withKind("Widget").withPlural("widgets")
                .withSingular("widget").withShortNames("wd").endNames().addNewVersion().withName("v1")
                .withServed(true).withStorage(true).withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion().endSpec()
                .build();
        admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();

        assertThat(admin.getApiGroups().getGroups()).anyMatch(g -> g.getName().equals("example.org")
                && g.getPreferredVersion().getGroupVersion().equals("example.org/v1"));
        assertThat(admin.getApiResources("example.org/v1").getResources()).singleElement().satisfies(r -> {
            assertThat(r.getName()).isEqualTo("widgets");
            assertThat(r.getKind()).isEqualTo("Widget");
            assertThat(r.getNamespaced()).isTrue();
            assertThat(r.getShortNames()).containsExactly("wd");
        });
        GenericKubernetesResource widget = new GenericKubernetesResourceBuilder().withApiVersion("example.org/v1")
                .withKind("Widget").withNewMetadata().withName("w1").withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("size", 3)).build();
        admin.genericKubernetesResources(WIDGETS).inNamespace(NS).resource(widget).create();
        assertThat(admin.genericKubernetesResources(WIDGETS).inNamespace(NS).list().getItems())
                .extracting(w -> w.getMetadata().getName()).containsExactly("w1");

        admin.apiextensions().v1().customResourceDefinitions().withName("widgets.example.org").delete();
        assertNotFound();
    }
}
