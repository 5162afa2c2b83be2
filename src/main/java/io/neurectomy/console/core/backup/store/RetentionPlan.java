package io.neurectomy.console.core.backup.store;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link RetentionPolicy} would keep and delete, computed before anything is deleted.
 *
 * @param policy the policy
 * @param now    the time the plan was computed for
 * @param keep   archives kept, newest first
 * @param delete archives to delete, newest first
 */
public record RetentionPlan(RetentionPolicy policy, Instant now, List<Item> keep, List<Item> delete) {
    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
    }

    /**
     * One archive, local file or S3 object.
     *
     * @param name    archive name ({@code full_….tar.gz})
     * @param created time from its name
     * @param size    bytes
     */
    public record Item(String name, Instant created, long size) {
    }

    /** Bytes the deletion frees. */
    public long freedBytes() {
        return delete.stream().mapToLong(Item::size).sum();
    }

    /** Whether there is nothing to delete. */
    public boolean isEmpty() {
        return delete.isEmpty();
    }
}
