package io.neurectomy.console.core.endpoints;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one health check through a stream to a pod.
 *
 * @param at     when it finished
 * @param passed whether it passed
 * @param pod    the pod it went to
 * @param detail what happened, for people: "HTTP 200 from /-/ready", or the error
 * @param took   how long it took
 */
public record ProbeResult(Instant at, boolean passed, String pod, String detail, Duration took) {
    public ProbeResult {
        Objects.requireNonNull(at, "at");
        pod = pod == null ? "" : pod;
        detail = detail == null ? "" : detail;
        took = took == null ? Duration.ZERO : took;
    }
}
