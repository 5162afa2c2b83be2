package io.neurectomy.console.ui.forwards;

import io.neurectomy.console.core.endpoints.ForwardSpec;
import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.core.endpoints.ForwardStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One line of the port-forwards table: a forward's status as text, at one moment.
 *
 * @param id          the forward's number within its manager
 * @param title       "Prometheus" or "pod/prometheus-0:9090"
 * @param target      what was asked for: "monitoring/svc/prometheus"
 * @param pod         the pod connections go to now, or empty
 * @param url         the local URL
 * @param state       where it stands
 * @param reason      why (RECONNECTING, FAILED), or empty
 * @param exposed     listening on a non-loopback address: reachable from other machines
 * @param favorite    a favorite of the attached context
 * @param open        connections open now
 * @param connections connections since the start
 * @param bytesIn     bytes received from the pod
 * @param bytesOut    bytes sent to the pod
 * @param uptime      how long it has run, e.g. "3m 05s"
 * @param kubectl     the equivalent {@code kubectl port-forward} command
 * @param spec        the forward's spec (for favorites)
 */
public record ForwardRow(long id, String title, String target, String pod, String url, ForwardState state,
                         String reason, boolean exposed, boolean favorite, int open, long connections,
                         long bytesIn, long bytesOut, String uptime, String kubectl, ForwardSpec spec) {

    /** The row of {@code status} at {@code now}. */
    public static ForwardRow of(ForwardStatus status, boolean favorite, Instant now) {
        return new ForwardRow(status.id(), status.spec().title(), status.spec().target().toString(), status.pod(),
                status.url(), status.state(), status.reason(), status.exposed(), favorite,
                status.openConnections(), status.connections(), status.bytesIn(), status.bytesOut(),
                status.state().ended() ? "" : uptime(status.uptime(now)), status.kubectlCommand(), status.spec());
    }

    /** "ACTIVE", or "RECONNECTING: pod deleted …" with the reason. */
    public String stateText() {
        return reason.isEmpty() ? state.toString() : state + ": " + reason;
    }

    /** "3 open / 12" */
    public String connectionsText() {
        return open + " open / " + connections;
    }

    /** "1.2 MB in / 3.4 kB out" */
    public String trafficText() {
        return bytes(bytesIn) + " in / " + bytes(bytesOut) + " out";
    }

    /** Bytes for people: "512 B", "3.4 kB", "1.2 MB", "2.0 GB" (powers of 1000). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** "12s", "3m 05s", "2h 07m", "3d 04h". */
    static String uptime(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, s % 86_400 / 3600);
    }


    /** Whether it is the same forward asked for as {@code other} (ignoring the non-loopback confirmation). */
    boolean sameSpec(ForwardSpec other) {
        return spec.withBindAddress(spec.bindAddress(), false).equals(
                other.withBindAddress(other.bindAddress(), false));
    }

    @Override
    public String toString() {
        return title + " " + stateText() + " " + url;
    }
}
