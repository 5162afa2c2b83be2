package io.neurectomy.console.ui.fx;

import io.neurectomy.console.core.cluster.SyncState;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * How far a live picture of the cluster can be trusted: the followed session's {@link SyncState} and what views say
 * about it (the "connection lost" banner, the status bar's short text). The overview and the topology each hold one
 * and set it from every snapshot they render. Touched only on the FX thread.
 */
public final class SyncStatus {
    /** What tables and the status bar say until the first full listing. */
    public static final String SYNCHRONIZING = "Synchronizing…";

    private final String lostNote;
    private final ReadOnlyObjectWrapper<SyncState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyBooleanWrapper synchronizing = new ReadOnlyBooleanWrapper(this, "synchronizing");
    private final ReadOnlyBooleanWrapper connectionLost = new ReadOnlyBooleanWrapper(this, "connectionLost");
    private final ReadOnlyStringWrapper bannerText = new ReadOnlyStringWrapper(this, "bannerText", "");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");

    /** @param lostNote what the banner adds about the picture while the connection is lost ("" for nothing) */
    public SyncStatus(String lostNote) {
        this.lostNote = lostNote;
    }

    /** Shows {@code sync}; {@code detail} is the last watch error, for the banner. */
    public void show(SyncState sync, String detail) {
        state.set(sync);
        synchronizing.set(sync == SyncState.SYNCING);
        connectionLost.set(sync == SyncState.RECONNECTING);
        bannerText.set(sync.banner(detail, lostNote));
        text.set(switch (sync) {
            case SYNCING -> SYNCHRONIZING;
            case SYNCED -> "Synced";
            case RECONNECTING -> "Connection lost — retrying";
            case CLOSED -> "Closed";
        });
    }

    /** No session followed. */
    public void clear() {
        state.set(null);
        synchronizing.set(false);
        connectionLost.set(false);
        bannerText.set("");
        text.set("");
    }

    /** The sync state of the followed session, or null without one. */
    public ReadOnlyObjectProperty<SyncState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** True until the informers have listed everything once. */
    public ReadOnlyBooleanProperty synchronizingProperty() {
        return synchronizing.getReadOnlyProperty();
    }

    /** True while a watch is lost and being retried; views then show the last known picture under a banner. */
    public ReadOnlyBooleanProperty connectionLostProperty() {
        return connectionLost.getReadOnlyProperty();
    }

    /** Text of the "connection lost" banner, with the last error; empty when there is no banner. */
    public ReadOnlyStringProperty bannerTextProperty() {
        return bannerText.getReadOnlyProperty();
    }

    /** Short text for the status bar: "Synchronizing…", "Synced", "Connection lost — retrying". */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
