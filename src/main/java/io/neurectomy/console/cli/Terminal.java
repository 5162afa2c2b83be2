package io.neurectomy.console.cli;

import java.io.Console;
import java.util.Optional;

/** Where the command line asks a person (a confirmation, a passphrase); absent when run from cron or a pipe. */
public interface Terminal {
    /** The answer typed, or empty when nobody can answer (no terminal, end of input). */
    Optional<String> readLine(String prompt);

    /** A passphrase typed without echo, or empty when nobody can answer. */
    Optional<char[]> readPassword(String prompt);

    /** Whether a person can answer at all. */
    boolean interactive();

    /** The process's terminal ({@link System#console()}), or one that cannot answer. */
    static Terminal system() {
        Console console = System.console();
        return new Terminal() {
            @Override
            public Optional<String> readLine(String prompt) {
                return console == null ? Optional.empty() : Optional.ofNullable(console.readLine("%s", prompt));
            }

            @Override
            public Optional<char[]> readPassword(String prompt) {
                return console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", prompt));
            }

            @Override
            public boolean interactive() {
                return console != null;
            }
        };
    }
}
