package io.neurectomy.console.core.backup.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Counts and hashes (SHA-256) what passes through to the file. */
final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest digest = Hashes.sha256();
    private long count;

    HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        count += len;
    }

    long count() {
        return count;
    }

    String hex() {
        return Hashes.hex(digest.digest());
    }
}
