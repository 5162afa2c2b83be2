package io.neurectomy.console.ui.backup;

import io.neurectomy.console.core.backup.store.BucketListing;
import io.neurectomy.console.core.backup.store.RemoteArchive;

/**
 * One archive in the S3 bucket as the S3 tab lists it: name, creation time, size, whether it was uploaded verified
 * (it carries its SHA-256) and its age against the RPO.
 */
public record RemoteRow(RemoteArchive archive, String name, String created, String size, boolean verified,
        String age, boolean overdue) {

    static RemoteRow of(BucketListing listing, RemoteArchive a) {
        return new RemoteRow(a, a.name(), a.created().toString(), BackupRow.humanBytes(a.size()),
                BucketListing.verified(a), listing.ageText(a), listing.overdue(a));
    }

    /** The line the list shows. */
    public String line() {
        return name + "  " + size + "  " + (verified ? "verified" : "not verified (no SHA-256)") + "  " + age;
    }
}
