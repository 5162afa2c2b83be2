package io.neurectomy.console.core.topology;

/**
 * What one Alertmanager said about its cluster ({@code /api/v2/status}).
 *
 * @param pod     the pod asked
 * @param members number of peers in {@code cluster.peers} (the asked member included)
 * @param status  {@code cluster.status}: ready, settling or disabled
 */
public record AlertmanagerPeers(String pod, int members, String status) {
}
