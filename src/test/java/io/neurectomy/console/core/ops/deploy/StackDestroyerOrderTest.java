package io.neurectomy.console.core.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order a destroy deletes in: workloads first, and one order whatever order the API server lists objects in. */
class StackDestroyerOrderTest {

    private static List<HasMetadata> objects() {
        return List.of(
                new PodDisruptionBudgetBuilder().withNewMetadata().withName("prometheus-pdb").endMetadata().build(),
                new ConfigMapBuilder().withNewMetadata().withName("prometheus-config").endMetadata().build(),
                new StatefulSetBuilder().withNewMetadata().withName("prometheus").endMetadata().build(),
                new PodDisruptionBudgetBuilder().withNewMetadata().withName("alertmanager-pdb").endMetadata().build(),
                new StatefulSetBuilder().withNewMetadata().withName("alertmanager").endMetadata().build(),
                new ConfigMapBuilder().withNewMetadata().withName("alertmanager-config").endMetadata().build());
    }

    private static List<String> refs(List<HasMetadata> objects) {
        return StackDestroyer.deletionOrder(objects).stream().map(StackDestroyer::ref).toList();
    }

    @Test
    void workloadsComeFirstAndEqualRanksAreOrderedByKindAndName() {
        List<String> order = refs(objects());

        assertThat(order.subList(0, 2)).containsExactly("StatefulSet/alertmanager", "StatefulSet/prometheus");
        assertThat(order).containsSubsequence("PodDisruptionBudget/alertmanager-pdb",
                "PodDisruptionBudget/prometheus-pdb");
        assertThat(order).containsSubsequence("ConfigMap/alertmanager-config", "ConfigMap/prometheus-config");
    }

    @Test
    void theOrderDoesNotDependOnTheOrderTheObjectsWereListedIn() {
        List<HasMetadata> reversed = new ArrayList<>(objects());
        Collections.reverse(reversed);

        assertThat(refs(reversed)).isEqualTo(refs(objects()));
    }
}
