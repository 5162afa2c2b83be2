package io.neurectomy.console.ui.connect;

/** Where the console stands with its cluster connection. */
public enum ConnectionStatus {
    DISCONNECTED,
    CONNECTING,
    CONNECTED,
    FAILED
}
