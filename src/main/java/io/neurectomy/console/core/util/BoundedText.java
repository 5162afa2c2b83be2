package io.neurectomy.console.core.util;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text a server or a pod sends that the console keeps only to show (a command's output, the kubelet's error
 * channel): the first {@code limit} bytes are kept, the rest only counted, so a peer that talks without end cannot
 * fill memory. {@link #toString()} says how much was left out.
 */
public final class BoundedText extends OutputStream {
    /** What the console keeps of a command's output or a stream's error text: 1 MiB. */
    public static final int DEFAULT_LIMIT = 1 << 20;

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    public BoundedText(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
    }

    public BoundedText() {
        this(DEFAULT_LIMIT);
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < limit) {
            kept.write(b);
        } else {
            dropped++;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.max(0, Math.min(len, limit - kept.size()));
        kept.write(b, off, room);
        dropped += len - room;
    }

    /** Bytes received beyond the limit (not kept). */
    public synchronized long dropped() {
        return dropped;
    }

    /** Bytes kept. */
    public synchronized int size() {
        return kept.size();
    }

    /** The kept text (UTF-8), followed by how many bytes were left out when there were any. */
    @Override
    public synchronized String toString() {
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? text : text + " … (" + dropped + " more bytes left out: only the first " + limit
                + " are kept)";
    }
}
