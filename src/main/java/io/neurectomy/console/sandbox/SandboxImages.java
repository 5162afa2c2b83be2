package io.neurectomy.console.sandbox;

import java.util.Locale;

/**
 * <b>Sandbox only.</b> Image tags that the sandbox kubelet understands as a broken version, so that upgrades,
 * rollouts and rollbacks can be tried against versions that fail without a broken build at hand. A real cluster knows
 * nothing of them (it would fail to pull such a tag); product code must never use or recognise them.
 *
 * <ul>
 *   <li>a tag ending in {@value #CRASH_LOOP} (e.g. {@code quay.io/prometheus/prometheus:v2.99.0-sandbox-crash-loop}):
 *       the real process is started with an argument it refuses, so it exits with status 1 at every start and the
 *       kubelet restarts it with back-off; the pod shows CrashLoopBackOff and never becomes Ready;</li>
 *   <li>a tag ending in {@value #NEVER_READY} (e.g. {@code …:v2.99.0-sandbox-never-ready}): the process runs and
 *       serves, but its readiness probe always fails, so the pod stays Running and not Ready.</li>
 * </ul>
 * Pods without a process (Grafana) show the same states without one.
 */
public final class SandboxImages {
    /** The tag suffix of a version whose container exits at every start. */
    public static final String CRASH_LOOP = "-sandbox-crash-loop";
    /** The tag suffix of a version whose container never passes its readiness probe. */
    public static final String NEVER_READY = "-sandbox-never-ready";

    /** How an image behaves in the sandbox. */
    public enum Behaviour { NORMAL, CRASH_LOOP, NEVER_READY }

    private SandboxImages() {
    }

    /** What the sandbox kubelet makes of {@code image}. */
    public static Behaviour of(String image) {
        String tag = image == null ? "" : image.toLowerCase(Locale.ROOT);
        if (tag.endsWith(CRASH_LOOP)) {
            return Behaviour.CRASH_LOOP;
        }
        if (tag.endsWith(NEVER_READY)) {
            return Behaviour.NEVER_READY;
        }
        return Behaviour.NORMAL;
    }
}
