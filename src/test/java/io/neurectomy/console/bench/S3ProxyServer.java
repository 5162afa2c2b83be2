package io.neurectomy.console.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3Proxy over a directory, for {@link BackupBench}: run in its own JVM so that the heap the benchmark samples is the
 * console's alone. Prints {@code READY <port>} once listening; stops when its standard input closes.
 * Usage: {@code S3ProxyServer DIR BUCKET ACCESS_KEY SECRET_KEY}.
 */
public final class S3ProxyServer {
    private S3ProxyServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        FilesystemNio2BlobStore blobs = new FilesystemNio2BlobStore(dir.toString());
        blobs.createContainer(args[1]);
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .ignoreUnknownHeaders(true).awsAuthentication(AuthenticationType.AWS_V2_OR_V4, args[2], args[3])
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.onSpinWait();
        }
        System.out.println("READY " + proxy.getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our input
        }
        proxy.stop();
    }
}
