package io.neurectomy.console.cli;

/** How a command prints what it did: for people, or one JSON document on stdout for scripts and cron. */
public enum OutputFormat {
    TEXT, JSON
}
