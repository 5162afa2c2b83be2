package io.neurectomy.console.core.backup.store;

import io.neurectomy.console.core.backup.BackupException;

/**
 * An {@code s3://BUCKET/KEY} address as the command line takes it: one archive ({@code s3://b/prod/full_….tar.gz})
 * or a prefix ({@code s3://b/prod/}, for the newest archive under it).
 *
 * @param bucket the bucket
 * @param key    the object key or prefix ("" for the bucket's root)
 */
public record S3Location(String bucket, String key) {
    /** Parses {@code s3://BUCKET/KEY}. */
    public static S3Location parse(String text) {
        if (text == null || !text.startsWith("s3://")) {
            throw new BackupException("Not an S3 address: " + text + ". Give s3://BUCKET/KEY.");
        }
        String rest = text.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isBlank()) {
            throw new BackupException("No bucket in " + text + ". Give s3://BUCKET/KEY.");
        }
        return new S3Location(bucket, key);
    }

    /** Whether {@code text} is an S3 address. */
    public static boolean isS3(String text) {
        return text != null && text.startsWith("s3://");
    }

    /** The last part of the key: the archive's name. */
    public String name() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }

    /** The key up to and with its last {@code /} (the prefix the archive is under); the key itself for a prefix. */
    public String prefix() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash + 1);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
