package io.neurectomy.console.core.backup.operations;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Copies the TSDB of one Prometheus replica into the data directory of another, through the API only and with the
 * backup's transfer: an admin snapshot on the source ({@code POST /api/v1/admin/tsdb/snapshot}), streamed out with
 * exec {@code tar -cf} and straight into exec {@code tar -xf - -C /prometheus} on the target, file by file (memory
 * bounded: only each block's small {@code meta.json} is held, and written after the block's other files, since
 * Prometheus skips a block directory without it). Prometheus loads the copied blocks at its next start, or at its
 * periodic block reload.
 *
 * <p>Both containers need {@code tar}, {@code ls} and {@code rm}, as for backups (docs/backups.md).
 */
public final class TsdbCopy {
    private static final Logger LOG = LoggerFactory.getLogger(TsdbCopy.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_META = 1024 * 1024;

    /**
     * What one copy wrote into a replica.
     *
     * @param pod     the replica written into
     * @param blocks  the block directories written, by name
     * @param bytes   the bytes of their files
     * @param minTime the earliest sample time the blocks cover (by their {@code meta.json}); null when unknown
     * @param maxTime the end of the time they cover; null when unknown
     */
    public record Copied(String pod, List<String> blocks, long bytes, Instant minTime, Instant maxTime) {
        public Copied {
            blocks = List.copyOf(blocks);
        }
    }

    private final TsdbTransfer tsdb;

    /**
     * @param timeout for each pod request (the snapshot itself) and for the end of each exec
     */
    public TsdbCopy(KubernetesClient client, String namespace, Duration timeout) {
        this.tsdb = new TsdbTransfer(Objects.requireNonNull(client, "client"), namespace, timeout);
    }

    /** The Prometheus container of {@code pod}, or null for the pod's only container. */
    public static String container(Pod pod) {
        return StackPods.container(pod, StackComponent.PROMETHEUS);
    }

    /** Asks {@code pod} for a TSDB snapshot and returns its name; throws {@link BackupException} saying why not. */
    public String snapshot(String pod) {
        return tsdb.snapshot(pod);
    }

    /** The snapshot's size in bytes, or -1 when unknown. */
    public long size(String pod, String container, String snapshot) {
        return tsdb.size(pod, container, snapshot);
    }

    /** About how many bytes a snapshot of the replica would hold (its blocks and head chunks), or -1 when unknown. */
    public long estimate(String pod, String container) {
        return tsdb.dataSize(pod, container);
    }

    /** Removes the snapshot from {@code pod}; returns the error, or null when it is gone. Runs after a cancel too. */
    public String removeSnapshot(String pod, String container, String snapshot) {
        return tsdb.remove(pod, container, TsdbTransfer.DATA + "/snapshots/" + snapshot);
    }

    /**
     * Streams snapshot {@code snapshot} of {@code from} into the data directory of {@code to}. On a failure or a
     * cancel the blocks started in {@code to} are removed again, and the exception is thrown on.
     *
     * @param progress told the bytes written so far, after each file
     */
    public Copied copy(String from, String fromContainer, String snapshot, String to, String toContainer,
            Cancellation cancellation, LongConsumer progress) {
        Set<String> started = new LinkedHashSet<>();
        long[] bytes = {0};
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        try (TsdbTransfer.Extract extract = tsdb.extract(to, toContainer)) {
            String[] current = {null};
            byte[][] meta = {null};
            List<String> blocks = tsdb.streamInto(from, fromContainer, snapshot, (name, size, in) -> {
                int slash = name.indexOf('/');
                String block = slash > 0 ? name.substring(0, slash) : "";
                if (!TsdbTransfer.isBlock(block)) {
                    throw new BackupException("The snapshot of " + from + " holds " + name + ", which is in no"
                            + " block directory.");
                }
                try {
                    if (!block.equals(current[0])) {
                        writeMeta(extract, current[0], meta, cancellation);
                        current[0] = block;
                        started.add(block);
                    }
                    if (name.equals(block + "/meta.json")) {
                        meta[0] = readMeta(name, size, in);
                        widen(range, meta[0], name);
                    } else {
                        extract.add(name, size, in, cancellation);
                    }
                } catch (IOException e) {
                    throw new BackupException("Writing " + name + " into " + to + " broke off: " + e.getMessage(), e);
                }
                bytes[0] += size;
                progress.accept(bytes[0]);
            }, cancellation);
            writeMeta(extract, current[0], meta, cancellation);
            extract.finish();
            LOG.info("Copied TSDB snapshot {} of {} into {}: {} blocks, {} bytes", snapshot, from, to, blocks.size(),
                    bytes[0]);
            boolean dated = range[0] <= range[1];
            return new Copied(to, blocks, bytes[0], dated ? Instant.ofEpochMilli(range[0]) : null,
                    dated ? Instant.ofEpochMilli(range[1]) : null);
        } catch (IOException | RuntimeException e) {
            for (String block : started) {
                String error = tsdb.remove(to, toContainer, TsdbTransfer.DATA + "/" + block);
                if (error != null) {
                    LOG.warn("Could not remove the half-copied block {} from {}: {}", block, to, error);
                }
            }
            if (e instanceof OperationCancelledException c) {
                throw c;
            }
            if (e instanceof BackupException b) {
                throw b;
            }
            throw new BackupException("Copying the TSDB of " + from + " into " + to + " failed: " + e.getMessage(), e);
        }
    }

    private static byte[] readMeta(String name, long size, InputStream in) throws IOException {
        if (size > MAX_META) {
            throw new BackupException(name + " is " + size + " bytes: no block's meta.json is that big.");
        }
        byte[] content = in.readNBytes((int) size);
        if (content.length != size) {
            throw new IOException(name + " ended early");
        }
        return content;
    }

    private static void widen(long[] range, byte[] meta, String name) {
        try {
            JsonNode m = JSON.readTree(meta);
            if (m.path("minTime").isNumber() && m.path("maxTime").isNumber()) {
                range[0] = Math.min(range[0], m.path("minTime").asLong());
                range[1] = Math.max(range[1], m.path("maxTime").asLong());
            }
        } catch (JacksonException e) {
            throw new BackupException(name + " is not a block's meta.json: " + e.getOriginalMessage());
        }
    }

    private static void writeMeta(TsdbTransfer.Extract extract, String block, byte[][] meta,
            Cancellation cancellation) throws IOException {
        if (block != null && meta[0] != null) {
            extract.add(block + "/meta.json", meta[0].length, new ByteArrayInputStream(meta[0]), cancellation);
        }
        meta[0] = null;
    }
}
