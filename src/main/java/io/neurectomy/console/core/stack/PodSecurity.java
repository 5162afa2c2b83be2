package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/** The "restricted" Pod Security Standard, for rendered manifests and live pods alike. */
public final class PodSecurity {
    /** The namespace label whose value the API server enforces. */
    public static final String ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
    /** The level the bundled stack's namespace enforces. */
    public static final String RESTRICTED = "restricted";

    private PodSecurity() {
    }

    /** What in {@code pod} the restricted standard forbids, one sentence each with its fix; empty when compliant. */
    public static List<String> restrictedViolations(PodSpec pod) {
        return PodSecurityCheck.violations(pod);
    }
}
