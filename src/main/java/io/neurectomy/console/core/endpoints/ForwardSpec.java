package io.neurectomy.console.core.endpoints;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the user asked for: a target, its port, a local port (0: the remote port when free, else the next free one)
 * and the local address to listen on.
 *
 * <p>A bind address other than loopback makes the forward reachable from other machines, without any
 * authentication: {@link PortForwardManager#start} refuses it unless {@code allowNonLoopback} records that the user
 * confirmed it.
 *
 * @param target           pod or Service
 * @param remotePort       the Service port (for a Service) or the container port (for a pod)
 * @param localPort        the local port to pin, or 0 to choose one
 * @param bindAddress      an IP address literal (or {@code localhost}); {@value #LOOPBACK} by default
 * @param allowNonLoopback the user confirmed a bind address other than loopback
 * @param health           how the forward proves that it works
 */
public record ForwardSpec(ForwardTarget target, int remotePort, int localPort, String bindAddress,
                          boolean allowNonLoopback, HealthCheck health) {
    /** The default bind address. */
    public static final String LOOPBACK = "127.0.0.1";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    public ForwardSpec {
        Objects.requireNonNull(target, "target");
        if (remotePort < 1 || remotePort > 65535) {
            throw new ForwardException("The remote port must be between 1 and 65535, not " + remotePort + ".");
        }
        if (localPort < 0 || localPort > 65535) {
            throw new ForwardException("The local port must be between 1 and 65535 (or 0 to choose one), not "
                    + localPort + ".");
        }
        bindAddress = bindAddress == null || bindAddress.isBlank() ? LOOPBACK : bindAddress.strip();
        address(bindAddress); // validates
        health = health == null ? HealthCheck.forTarget(target, remotePort) : health;
    }

    /** A forward of {@code remotePort} on loopback, local port chosen, with the check that suits the target. */
    public static ForwardSpec of(ForwardTarget target, int remotePort) {
        return new ForwardSpec(target, remotePort, 0, LOOPBACK, false, null);
    }

    /**
     * Reads the command line's target: {@code prometheus}, {@code grafana} or {@code alertmanager} (the presets),
     * {@code svc/NAME[:PORT]}, {@code pod/NAME[:PORT]} or {@code POD[:PORT]}. The port may be left out for the stack's
     * own Services and pods (9090, 3000, 9093).
     *
     * @throws ForwardException with a message saying what to write instead
     */
    public static ForwardSpec parse(String text, String namespace) {
        String t = text == null ? "" : text.strip();
        Optional<ForwardPreset> preset = ForwardPreset.named(t);
        if (preset.isPresent()) {
            return preset.get().spec(namespace);
        }
        int colon = t.lastIndexOf(':');
        String targetText = colon < 0 ? t : t.substring(0, colon);
        ForwardTarget target = ForwardTarget.parse(targetText, namespace);
        int port;
        if (colon >= 0) {
            port = parsePort(t.substring(colon + 1), "remote port in '" + t + "'");
        } else {
            port = ForwardPreset.forTarget(target, 0).map(p -> p.component().port()).orElseThrow(() ->
                    new ForwardException("Which port of " + target.describe() + "? Write " + targetText
                            + ":PORT, e.g. " + targetText + ":8080."));
        }
        return of(target, port);
    }

    /** Reads a port number; the message names {@code what}. */
    static int parsePort(String text, String what) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ForwardException("The " + what + " must be a number from 1 to 65535, not '" + text + "'.");
    }

    public ForwardSpec withLocalPort(int port) {
        return new ForwardSpec(target, remotePort, port, bindAddress, allowNonLoopback, health);
    }

    /**
     * The same forward listening on {@code address}; {@code confirmed} records that the user agreed to a
     * non-loopback address (ignored for loopback).
     */
    public ForwardSpec withBindAddress(String address, boolean confirmed) {
        return new ForwardSpec(target, remotePort, localPort, address, confirmed, health);
    }

    public ForwardSpec withHealth(HealthCheck check) {
        return new ForwardSpec(target, remotePort, localPort, bindAddress, allowNonLoopback, check);
    }

    /** Whether the bind address is a loopback address (reachable from this machine only). */
    public boolean loopback() {
        return address(bindAddress).isLoopbackAddress();
    }

    /** Whether the address needs the user's confirmation before the forward may start. */
    public boolean needsConfirmation() {
        return !loopback() && !allowNonLoopback;
    }

    /** The bind address as an {@link InetAddress} (literals only: no name lookup). */
    public InetAddress inetAddress() {
        return address(bindAddress);
    }

    /** A short title: the preset's name ("Prometheus") or the target ("pod/prometheus-0:9090"). */
    public String title() {
        return ForwardPreset.forTarget(target, remotePort)
                .filter(p -> target.kind() == ForwardTarget.Kind.SERVICE)
                .map(p -> p.component().title())
                .orElse(target.kubectlRef() + ":" + remotePort);
    }

    private static InetAddress address(String text) {
        if (text.equalsIgnoreCase("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            throw new ForwardException("The bind address must be an IP address such as 127.0.0.1 or 0.0.0.0, not '"
                    + text + "'.");
        }
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new ForwardException("'" + text + "' is not a valid IP address.", e);
        }
    }

    /** The address as it appears in a URL (IPv6 in brackets; the any-address as 127.0.0.1). */
    String urlHost() {
        InetAddress a = inetAddress();
        if (a.isAnyLocalAddress()) {
            return a instanceof Inet6Address ? "[::1]" : LOOPBACK;
        }
        if (a instanceof Inet6Address) {
            return a.isLoopbackAddress() ? "[::1]" : "[" + a.getHostAddress() + "]";
        }
        return a.getHostAddress();
    }
}
