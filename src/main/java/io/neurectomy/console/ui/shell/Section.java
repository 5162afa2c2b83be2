package io.neurectomy.console.ui.shell;

/** The sections of the main window, in navigation order. */
public enum Section {
    CONNECT("Connect", "Ctrl+1"),
    OVERVIEW("Overview", "Ctrl+2"),
    HEALTH("Health", "Ctrl+3"),
    TOPOLOGY("Topology", "Ctrl+4"),
    FORWARDS("Port-forwards", "Ctrl+5"),
    STACK("Stack", "Ctrl+6"),
    CONFIG("Config", "Ctrl+7"),
    BACKUPS("Backups", "Ctrl+8"),
    LOGS("Logs", "Ctrl+9");

    private final String title;
    private final String shortcut;

    Section(String title, String shortcut) {
        this.title = title;
        this.shortcut = shortcut;
    }

    /** Whether the section shows a live cluster and so needs a session. */
    public boolean needsSession() {
        return this != CONNECT;
    }

    public String title() {
        return title;
    }

    /** The keyboard shortcut, as shown to the user. */
    public String shortcut() {
        return shortcut;
    }
}
