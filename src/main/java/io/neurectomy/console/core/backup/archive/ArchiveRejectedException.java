package io.neurectomy.console.core.backup.archive;

import io.neurectomy.console.core.backup.BackupException;

/** An archive failed verification, so its entries are not handed out (restore refuses it). */
public class ArchiveRejectedException extends BackupException {
    private static final long serialVersionUID = 1L;
    private final transient VerifyResult result;

    public ArchiveRejectedException(VerifyResult result) {
        super(result.summary() + "\nThis archive cannot be restored. Use another backup (list shows which are"
                + " verified), or download it again from S3.");
        this.result = result;
    }

    /** What verification found. */
    public VerifyResult result() {
        return result;
    }
}
