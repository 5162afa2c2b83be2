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
    CLOSED
}
