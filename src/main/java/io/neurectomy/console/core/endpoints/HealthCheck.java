package io.neurectomy.console.core.endpoints;

/**
 * How a forward proves that it works: an HTTP GET of {@code path} through a stream to the pod answered with a 2xx
 * status, or, for a port that speaks something else, a stream that opens without the kubelet reporting an error.
 *
 * @param httpPath the path to GET (starting with '/'), or empty for the stream-open check
 */
public record HealthCheck(String httpPath) {
    public HealthCheck {
        httpPath = httpPath == null ? "" : httpPath.strip();
        if (!httpPath.isEmpty() && (!httpPath.startsWith("/") || httpPath.chars().anyMatch(c -> c <= ' '))) {
            throw new ForwardException("A health-check path must start with '/' and contain no spaces: '"
                    + httpPath + "'.");
        }
    }

    /** An HTTP GET of {@code path}; passes on a 2xx answer. */
    public static HealthCheck http(String path) {
        return new HealthCheck(path);
    }

    /** A stream to the port opens and the kubelet reports no error. */
    public static HealthCheck tcp() {
        return new HealthCheck("");
    }

    /**
     * The check that suits a target: the health path of the stack component a Service or pod belongs to (by its
     * name, on that component's port), else the stream-open check.
     */
    public static HealthCheck forTarget(ForwardTarget target, int remotePort) {
        return ForwardPreset.forTarget(target, remotePort).map(p -> http(p.component().readinessPath())).orElse(tcp());
    }

    public boolean isHttp() {
        return !httpPath.isEmpty();
    }

    /** For status lines: "HTTP GET /-/ready" or "TCP stream". */
    public String describe() {
        return isHttp() ? "HTTP GET " + httpPath : "TCP stream";
    }
}
