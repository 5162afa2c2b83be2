package io.neurectomy.console.core.cluster;

/** How far the live view of the cluster can be trusted. */
public enum SyncState {
    /** Informers started, first list not complete yet: show "Synchronizing…", never "no pods". */
    SYNCING,
    /** Every informer has listed and is watching. */
    SYNCED,
    /** A watch was lost; the informers retry by themselves and the view may be stale. */
    RECONNECTING,
    /** The session is closed. */
    CLOSED;

    /** Whether a snapshot in this state may be shown: listed once, possibly stale while reconnecting. */
    public boolean showsContent() {
        return this == SYNCED || this == RECONNECTING;
    }

    /**
     * The "connection lost" banner for a snapshot in this state, with the last watch error and what the view shows
     * meanwhile; empty when there is no banner.
     */
    public String banner(String detail, String meanwhile) {
        if (this != RECONNECTING) {
            return "";
        }
        String lost = detail == null || detail.isBlank() ? "Connection lost — retrying…"
                : "Connection lost — retrying… (" + detail + ")";
        return meanwhile.isEmpty() ? lost : lost + " " + meanwhile;
    }
}
