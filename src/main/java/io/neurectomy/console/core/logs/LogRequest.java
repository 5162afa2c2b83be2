package io.neurectomy.console.core.logs;

/**
 * Which log to show, and how.
 *
 * @param pod       the pod, in the session's namespace
 * @param container the container; null for the pod's first (main) container
 * @param tailLines how many of the latest lines to start with (at least 1)
 * @param follow    keep the stream open for new lines, across container restarts and pod replacement (a
 *                  StatefulSet pod comes back under the same name)
 * @param previous  the log of the previous, terminated instance of the container (what crashed); never followed
 * @param reveal    show credential-shaped values (tokens, passwords, webhook URLs) instead of masking them
 */
public record LogRequest(String pod, String container, int tailLines, boolean follow, boolean previous,
        boolean reveal) {
    /** The default for a pod: its main container, the last 500 lines, followed, masked. */
    public static LogRequest of(String pod) {
        return new LogRequest(pod, null, 500, true, false, false);
    }

    public LogRequest {
        if (pod == null || pod.isBlank()) {
            throw new IllegalArgumentException("pod is required");
        }
        if (tailLines < 1) {
            throw new IllegalArgumentException("tailLines must be at least 1");
        }
        if (previous) {
            follow = false;
        }
    }
}
