package io.neurectomy.console.core.backup.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.backup.BackupException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ClusterErrorsTest {
    @Test
    void aForbiddenListSaysWhichVerbResourceAndRoleToAskFor() {
        BackupException e = ClusterErrors.of(new KubernetesClientException("secrets is forbidden", 403, null),
                "list", "secrets", "monitoring", "a backup");

        assertThat(e.getMessage()).isEqualTo("Forbidden: your account may not list secrets in namespace monitoring,"
                + " which a backup needs. Ask your cluster admin for a Role in monitoring that allows 'list' on"
                + " secrets (e.g. the 'admin' ClusterRole bound in monitoring).");
    }

    @Test
    void aLostConnectionSaysToCheckTheNetworkAndRetry() {
        BackupException e = ClusterErrors.of(new KubernetesClientException("failed", new ConnectException(
                "Connection refused")), "create", "pods/exec", "monitoring", "streaming the TSDB snapshot");

        assertThat(e.getMessage()).contains("Connection to the API server lost", "Connection refused",
                "Check the VPN or network and retry");
    }
}
