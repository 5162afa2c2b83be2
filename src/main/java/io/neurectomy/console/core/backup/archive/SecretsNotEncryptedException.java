package io.neurectomy.console.core.backup.archive;

import io.neurectomy.console.core.backup.BackupException;

/**
 * {@link ArchiveWriter#addSecret} was called on a writer opened without a passphrase. Nothing was written: the caller
 * leaves Secrets out of the backup and tells the user so (or asks for a passphrase and starts again).
 */
public class SecretsNotEncryptedException extends BackupException {
    private static final long serialVersionUID = 1L;

    public SecretsNotEncryptedException(String entry) {
        super("Secret " + entry + " was not written: no passphrase was given, and Secrets are only stored"
                + " encrypted. Give a passphrase to include Secrets, or back up without them.");
    }
}
