package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.ClusterState;

/**
 * Where the topology reads its pictures from and hears that a new one is available: a session's
 * {@link ClusterState} in the application, a hand-built sequence of snapshots in tests and benchmarks.
 */
public interface SnapshotSource {
    /** The current picture; callable from any thread. */
    StackSnapshot snapshot();

    /** Adds a listener told, on any thread, that {@link #snapshot()} has changed. */
    void addListener(Runnable listener);

    void removeListener(Runnable listener);

    /** A live {@link ClusterState}. */
    static SnapshotSource of(ClusterState state) {
        return new SnapshotSource() {
            @Override
            public StackSnapshot snapshot() {
                return state.snapshot();
            }

            @Override
            public void addListener(Runnable listener) {
                state.addListener(listener);
            }

            @Override
            public void removeListener(Runnable listener) {
                state.removeListener(listener);
            }
        };
    }
}
