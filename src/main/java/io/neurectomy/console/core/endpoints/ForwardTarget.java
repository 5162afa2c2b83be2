package io.neurectomy.console.core.endpoints;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a port-forward reaches: one pod (it stays on that pod, through restarts and re-creation under the same name)
 * or a Service (a ready pod chosen by the Service's selector, chosen again whenever pods change).
 *
 * @param kind      pod or Service
 * @param namespace the namespace of the pod or Service
 * @param name      the pod's or Service's name
 */
public record ForwardTarget(Kind kind, String namespace, String name) {
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    /** The two kinds of target. */
    public enum Kind {
        /** One pod, by name. */
        POD,
        /** A Service: any ready pod its selector matches. */
        SERVICE
    }

    public ForwardTarget {
        Objects.requireNonNull(kind, "kind");
        requireName(namespace, "namespace");
        requireName(name, kind == Kind.POD ? "pod name" : "Service name");
    }

    /** A pod target. */
    public static ForwardTarget pod(String namespace, String name) {
        return new ForwardTarget(Kind.POD, namespace, name);
    }

    /** A Service target. */
    public static ForwardTarget service(String namespace, String name) {
        return new ForwardTarget(Kind.SERVICE, namespace, name);
    }

    /**
     * Reads a target the way kubectl writes it: {@code svc/NAME} (also {@code service/}, {@code services/}),
     * {@code pod/NAME} (also {@code pods/}) or a bare pod name.
     *
     * @throws ForwardException when the text names no valid pod or Service
     */
    public static ForwardTarget parse(String text, String namespace) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        if (slash < 0) {
            return pod(namespace, t);
        }
        String kind = t.substring(0, slash).toLowerCase(Locale.ROOT);
        String name = t.substring(slash + 1);
        return switch (kind) {
            case "svc", "service", "services" -> service(namespace, name);
            case "pod", "pods", "po" -> pod(namespace, name);
            default -> throw new ForwardException("Cannot forward to '" + t + "': use pod/NAME, svc/NAME or a pod"
                    + " name (kind '" + kind + "' is not supported).");
        };
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new ForwardException("The " + what + " is missing.");
        }
        if (value.length() > 253 || !DNS_NAME.matcher(value).matches()) {
            throw new ForwardException("'" + value + "' is not a valid " + what + " (lower-case letters, digits,"
                    + " '-' and '.', starting and ending with a letter or digit).");
        }
    }

    /** How kubectl names the target: {@code pod/NAME} or {@code svc/NAME}. */
    public String kubectlRef() {
        return (kind == Kind.POD ? "pod/" : "svc/") + name;
    }

    /** For messages: "pod monitoring/prometheus-0" or "Service monitoring/prometheus". */
    public String describe() {
        return (kind == Kind.POD ? "pod " : "Service ") + namespace + "/" + name;
    }

    @Override
    public String toString() {
        return namespace + "/" + kubectlRef();
    }
}
