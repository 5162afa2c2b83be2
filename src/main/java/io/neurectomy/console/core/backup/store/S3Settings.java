package io.neurectomy.console.core.backup.store;

import io.neurectomy.console.core.backup.BackupException;
import java.net.URI;
import java.util.Objects;

/**
 * Where and how to sync archives to S3 (or an S3-compatible store). A plain record the caller fills from its
 * settings and the command line.
 *
 * @param bucket             bucket name (the seed's {@code S3_BACKUP_BUCKET})
 * @param prefix             key prefix, e.g. {@code monitoring/prod/}; "" for the bucket's root. A missing trailing
 *                           {@code /} is added
 * @param region             AWS region, e.g. {@code eu-west-1}; null to take it from the environment
 *                           ({@code AWS_REGION}, profile); {@code us-east-1} when null with an endpoint override
 * @param endpoint           endpoint override for S3-compatible stores (MinIO, Ceph, …); null for AWS
 * @param pathStyle          path-style addressing ({@code https://host/bucket/key}), which most S3-compatible stores
 *                           need
 * @param credentials        explicit credentials; null for the default provider chain (environment variables
 *                           {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE} and
 *                           {@code ~/.aws}, container and instance roles)
 * @param multipartThreshold archives at least this big are uploaded in parts
 * @param partSize           size of each part (at least 5 MiB, S3's minimum)
 */
public record S3Settings(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
        Credentials credentials, long multipartThreshold, long partSize) {
    /** Default part size and multipart threshold: 16 MiB. */
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;
    private static final long MIN_PART = 5L * 1024 * 1024;

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) {
            throw new BackupException("No S3 bucket is set. Give the bucket (--bucket, or S3_BACKUP_BUCKET).");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (partSize < MIN_PART) {
            throw new IllegalArgumentException("partSize must be at least 5 MiB (S3's minimum part size)");
        }
    }

    /** Settings for AWS S3 with the default credentials chain and part sizes. */
    public static S3Settings aws(String bucket, String prefix, String region) {
        return new S3Settings(bucket, prefix, region, null, false, null, DEFAULT_PART_SIZE, DEFAULT_PART_SIZE);
    }

    /** Settings for an S3-compatible store at {@code endpoint}, path-style. */
    public static S3Settings compatible(String bucket, String prefix, URI endpoint, Credentials credentials) {
        return new S3Settings(bucket, prefix, null, endpoint, true, credentials, DEFAULT_PART_SIZE,
                DEFAULT_PART_SIZE);
    }

    /** The same settings with other part sizes. */
    public S3Settings withParts(long threshold, long size) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, threshold, size);
    }

    /** The same settings with other credentials. */
    public S3Settings withCredentials(Credentials other) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, other, multipartThreshold, partSize);
    }

    /** The object key of archive {@code name}. */
    public String key(String name) {
        return prefix + name;
    }

    /** {@code s3://bucket/prefix} for messages. */
    public String location() {
        return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
    }

    /**
     * An access key pair. Its {@link #toString()} never shows the secret.
     *
     * @param accessKeyId     the access key id
     * @param secretAccessKey the secret access key
     */
    public record Credentials(String accessKeyId, String secretAccessKey) {
        public Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
        }
    }
}
