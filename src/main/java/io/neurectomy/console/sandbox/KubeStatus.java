package io.neurectomy.console.sandbox;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Status} documents a real API server and kubelet answer with, so that fabric8 and kubectl report the
 * sandbox's refusals and exit codes exactly as they would report a cluster's.
 */
public final class KubeStatus {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private KubeStatus() {
    }

    /** An HTTP error answer carrying a Failure Status, e.g. 404 NotFound. */
    public static MockResponse failure(int code, String reason, String message) {
        Status status = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
                .withMessage(message).withNewMetadata().endMetadata().build();
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(JSON.asJson(status));
    }

    public static MockResponse podNotFound(String pod) {
        return failure(404, "NotFound", "pods \"" + pod + "\" not found");
    }

    /** The exec error channel (3) document for a command that exited with {@code exitCode}. */
    public static byte[] execResult(int exitCode, String command) {
        Status status;
        if (exitCode == 0) {
            status = new StatusBuilder().withStatus("Success").withNewMetadata().endMetadata().build();
        } else {
            status = new StatusBuilder().withStatus("Failure").withReason("NonZeroExitCode")
                    .withMessage("command terminated with non-zero exit code: error executing command [" + command
                            + "], exit code " + exitCode)
                    .withNewDetails().addNewCause().withReason("ExitCode").withMessage(Integer.toString(exitCode))
                    .endCause().endDetails().withNewMetadata().endMetadata().build();
        }
        return JSON.asJson(status).getBytes(StandardCharsets.UTF_8);
    }

    /** The exec error channel (3) document for a command that could not run at all (no process stands in). */
    public static byte[] execFailure(String message) {
        Status status = new StatusBuilder().withStatus("Failure").withReason("InternalError").withMessage(message)
                .withNewMetadata().endMetadata().build();
        return JSON.asJson(status).getBytes(StandardCharsets.UTF_8);
    }
}
