package io.neurectomy.console.core.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Comparing on the manifest's fields, and merging the manifest over a live object. */
class ObjectFieldsTest {

    private static Service manifest() {
        return new ServiceBuilder().withNewMetadata().withName("prometheus").withNamespace("monitoring")
                .addToLabels("app", "prometheus").endMetadata().withNewSpec().addToSelector("app", "prometheus")
                .addNewPort().withName("web").withPort(9090).endPort().endSpec().build();
    }

    /** What a server returns: the manifest plus defaults, bookkeeping, status and labels of other tools. */
    private static Service live() {
        return new ServiceBuilder(manifest()).editMetadata().withResourceVersion("42").withUid("u-1")
                .addToLabels("team", "sre").endMetadata().editSpec().withClusterIP("10.0.0.7").withType("ClusterIP")
                .editFirstPort().withProtocol("TCP").endPort().endSpec().withNewStatus().endStatus().build();
    }

    @Test
    void aLiveObjectWithServerFieldsMatchesItsManifest() {
        assertThat(ObjectFields.matches(ObjectFields.desired(manifest()), ObjectFields.toMap(live()))).isTrue();
    }

    @Test
    void aDifferentValueOfAManifestFieldDoesNotMatch() {
        Service changed = new ServiceBuilder(live()).editSpec().editFirstPort().withPort(9091).endPort().endSpec()
                .build();

        assertThat(ObjectFields.matches(ObjectFields.desired(manifest()), ObjectFields.toMap(changed))).isFalse();
    }

    @Test
    void mergingKeepsServerFieldsAndOtherToolsLabels() {
        Service changed = new ServiceBuilder(manifest()).editMetadata().addToLabels("app", "prom").endMetadata()
                .build();

        HasMetadata merged = ObjectFields.toObject(ObjectFields.merge(ObjectFields.toMap(live()),
                ObjectFields.desired(changed)), live());

        Service s = (Service) merged;
        assertThat(s.getSpec().getClusterIP()).isEqualTo("10.0.0.7");
        assertThat(s.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(s.getMetadata().getLabels()).containsEntry("team", "sre").containsEntry("app", "prom");
    }

    @Test
    void secretStringDataComparesWithBase64DataAndIsMaskedInDiffs() {
        Secret manifest = new SecretBuilder().withNewMetadata().withName("s").withNamespace("monitoring")
                .endMetadata().addToStringData("a", "same").addToStringData("b", "new-value").build();
        Secret live = new SecretBuilder().withNewMetadata().withName("s").withNamespace("monitoring").endMetadata()
                .addToData("a", "c2FtZQ==").addToData("b", "b2xk").build();
        Map<String, Object> desired = ObjectFields.desired(manifest);

        assertThat(ObjectFields.matches(desired, ObjectFields.toMap(live))).isFalse();
        Map<String, Object>[] masked = ObjectFields.maskSecrets(desired, ObjectFields.toMap(live));
        assertThat(ObjectFields.yaml(masked[0])).contains("a: \"(secret value)\"").contains("b: \"(value changed)\"")
                .doesNotContain("new-value").doesNotContain("bmV3LXZhbHVl");
        assertThat(ObjectFields.yaml(masked[1])).doesNotContain("b2xk").doesNotContain("c2FtZQ==");
    }
}
