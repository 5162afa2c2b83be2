package io.neurectomy.console.core.backup.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** S3Proxy in process over a directory, with credentials, and a bucket; can be stopped and started again. */
public final class S3Fixture implements AutoCloseable {
    public static final String BUCKET = "neurectomy-backups";
    public static final S3Settings.Credentials KEYS = new S3Settings.Credentials("AKIATESTKEY", "test-secret-key");

    private final Path storage;
    private final BlobStore blobs;
    private S3Proxy proxy;
    private int port;

    public S3Fixture(Path storage) throws Exception {
        this.storage = Files.createDirectories(storage);
        this.blobs = new FilesystemNio2BlobStore(storage.toString());
        start();
        blobs.createContainer(BUCKET);
    }

    /** Starts the server (again, on the same port after the first start). */
    void start() throws Exception {
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:" + port))
                .ignoreUnknownHeaders(true).awsAuthentication(AuthenticationType.AWS_V2_OR_V4,
                        KEYS.accessKeyId(), KEYS.secretAccessKey())
                .stopTimeout(0).build();
        proxy.start();
        io.neurectomy.console.testing.Poll.until(java.time.Duration.ofSeconds(20), "S3Proxy started",
                () -> "STARTED".equals(proxy.getState()));
        port = proxy.getPort();
    }

    void stop() throws Exception {
        proxy.stop();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    S3Settings settings(String prefix) {
        return S3Settings.compatible(BUCKET, prefix, endpoint(), KEYS);
    }

    Path storage() {
        return storage;
    }

    /** Puts raw bytes under {@code key}, with {@code metadata}, bypassing the console. */
    void putRaw(String key, byte[] content, Map<String, String> metadata) {
        try (S3AsyncClient raw = S3AsyncClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint())
                .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        KEYS.accessKeyId(), KEYS.secretAccessKey()))).build()) {
            raw.putObject(b -> b.bucket(BUCKET).key(key).metadata(metadata), AsyncRequestBody.fromBytes(content))
                    .join();
        }
    }

    /** {@link #putRaw} for tests outside this package. */
    public void putRawForTest(String key, byte[] content, Map<String, String> metadata) {
        putRaw(key, content, metadata);
    }

    /** The keys the bucket holds, read from the server's storage directory (not through the console). */
    public List<String> keys() throws IOException {
        Path bucket = storage.resolve(BUCKET);
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile).map(f -> bucket.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
