package io.neurectomy.console.core.backup.store;

import java.util.List;

/**
 * What {@link S3Store#sync} did.
 *
 * @param uploaded      archives uploaded because the bucket lacked them
 * @param replaced      archives uploaded again because the remote object had another size or checksum
 * @param alreadyThere  archives already in the bucket with the same size and checksum
 * @param skipped       local files not uploaded, each with the reason (damaged, not an archive)
 * @param bytesUploaded bytes sent
 */
public record SyncReport(List<String> uploaded, List<String> replaced, List<String> alreadyThere,
        List<String> skipped, long bytesUploaded) {
    public SyncReport {
        uploaded = List.copyOf(uploaded);
        replaced = List.copyOf(replaced);
        alreadyThere = List.copyOf(alreadyThere);
        skipped = List.copyOf(skipped);
    }

    /** Whether every local archive is now in the bucket. */
    public boolean complete() {
        return skipped.isEmpty();
    }
}
