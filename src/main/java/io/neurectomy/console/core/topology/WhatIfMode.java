package io.neurectomy.console.core.topology;

/** What happens to the picked node in a what-if. */
public enum WhatIfMode {
    /** The node stops (NotReady): its pods stop serving at once, nothing is evicted politely. */
    FAILURE,
    /** The node is cordoned and drained: pods are evicted one by one, and evictions respect PDBs. */
    DRAIN
}
