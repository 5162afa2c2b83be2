package io.neurectomy.console.core.endpoints;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An immutable picture of one forward, as a view shows it: a new value on every change.
 *
 * @param id              the forward's number within its manager
 * @param spec            what was asked for
 * @param context         the kubeconfig context (for the kubectl command), or empty
 * @param state           where it stands
 * @param reason          why (for RECONNECTING and FAILED: what went wrong and what happens next), or empty
 * @param pod             the pod new connections go to now, or empty when none
 * @param localAddress    the address listened on
 * @param localPort       the local port listened on, or 0 while none is bound
 * @param containerPort   the pod's port the streams go to (a Service's target port), or 0 while unknown
 * @param openConnections local connections open right now
 * @param connections     local connections accepted since the start
 * @param bytesIn         bytes received from the pod, over all connections (health checks not counted)
 * @param bytesOut        bytes sent to the pod, over all connections (health checks not counted)
 * @param started         when the forward started
 * @param since           when it entered its current state
 * @param lastProbe       the last health check, or null before the first
 */
public record ForwardStatus(long id, ForwardSpec spec, String context, ForwardState state, String reason, String pod,
                            String localAddress, int localPort, int containerPort, int openConnections,
                            long connections, long bytesIn, long bytesOut, Instant started, Instant since,
                            ProbeResult lastProbe) {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@=+,-]+");

    public ForwardStatus {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        context = context == null ? "" : context;
        reason = reason == null ? "" : reason;
        pod = pod == null ? "" : pod;
        localAddress = localAddress == null ? spec.bindAddress() : localAddress;
    }

    /** The address to open in a browser: {@code http://127.0.0.1:PORT/} (the chosen port, once bound). */
    public String url() {
        return "http://" + spec.urlHost() + ":" + (localPort > 0 ? localPort : spec.localPort() > 0
                ? spec.localPort() : spec.remotePort()) + "/";
    }

    /**
     * The {@code kubectl port-forward} command that does the same (without the reconnecting):
     * {@code kubectl port-forward --context C -n NS svc/prometheus 9090:9090}, with {@code --address} when not on
     * loopback.
     */
    public String kubectlCommand() {
        int local = localPort > 0 ? localPort : spec.localPort() > 0 ? spec.localPort() : spec.remotePort();
        StringBuilder sb = new StringBuilder("kubectl port-forward");
        if (!context.isEmpty()) {
            sb.append(" --context ").append(quote(context));
        }
        sb.append(" -n ").append(quote(spec.target().namespace())).append(' ')
                .append(quote(spec.target().kubectlRef())).append(' ').append(local).append(':')
                .append(spec.remotePort());
        if (!spec.loopback()) {
            sb.append(" --address ").append(quote(spec.bindAddress()));
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return SHELL_SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** How long the forward has run. */
    public Duration uptime(Instant now) {
        return started == null ? Duration.ZERO : Duration.between(started, now);
    }

    /** Where connections go now: "monitoring/prometheus-1", or the target while no pod is chosen. */
    public String destination() {
        return pod.isEmpty() ? spec.target().toString() : spec.target().namespace() + "/" + pod;
    }

    /** Whether the forward listens on a non-loopback address (reachable from other machines): show a warning. */
    public boolean exposed() {
        return !spec.loopback();
    }

    /** One line for logs and the command line: "ACTIVE http://127.0.0.1:9090/ -> monitoring/prometheus-1". */
    public String summary() {
        String line = state + " " + url() + " -> " + destination();
        return reason.isEmpty() ? line : line + " (" + reason + ")";
    }
}
