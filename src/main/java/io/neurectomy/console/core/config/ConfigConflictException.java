package io.neurectomy.console.core.config;

import io.neurectomy.console.core.ConsoleException;

/**
 * A save found the object changed since it was read (HTTP 409): nothing was written. Carries the three versions a
 * merge needs: the one the edit started from, the one now in the cluster, and the edit.
 */
public class ConfigConflictException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    private final transient ConfigObject base;
    private final transient ConfigObject theirs;
    private final transient ConfigObject mine;

    public ConfigConflictException(ConfigObject base, ConfigObject theirs, ConfigObject mine) {
        super(base.target().ref() + " was changed by someone else since you opened it (version "
                + base.resourceVersion() + " → " + theirs.resourceVersion() + "). Nothing was written. Merge your"
                + " edit with theirs, or take theirs.");
        this.base = base;
        this.theirs = theirs;
        this.mine = mine;
    }

    public ConfigObject base() {
        return base;
    }

    public ConfigObject theirs() {
        return theirs;
    }

    public ConfigObject mine() {
        return mine;
    }
}
