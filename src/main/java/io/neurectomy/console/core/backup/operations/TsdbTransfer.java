package io.neurectomy.console.core.backup.operations;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.BoundedText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves a Prometheus TSDB in and out of a replica's volume through the API only: the admin snapshot
 * ({@code POST /api/v1/admin/tsdb/snapshot}, hard links, instant) streamed out with exec
 * {@code tar -cf - -C /prometheus/snapshots NAME}, and blocks streamed in with exec {@code tar -xf - -C /prometheus}.
 * The container needs {@code tar}, {@code ls} and {@code rm} (the busybox-based image has them; the distroless one
 * does not, see docs/backups.md).
 */
final class TsdbTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(TsdbTransfer.class);
    static final String DATA = "/prometheus";
    static final String PREFIX = "tsdb/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    private static final Pattern LS_FILE = Pattern.compile("^-\\S+\\s+\\d+\\s+\\S+\\s+\\S+\\s+(\\d+)\\s.*$");

    private final PodCalls pods;

    TsdbTransfer(KubernetesClient client, String namespace, Duration timeout) {
        this.pods = new PodCalls(client, namespace, timeout);
    }

    /** Asks {@code pod} for a snapshot and returns its name. */
    String snapshot(String pod) {
        PodCalls.Response response;
        try {
            response = pods.post(pod, StackComponent.PROMETHEUS.port(), "/api/v1/admin/tsdb/snapshot");
        } catch (IOException e) {
            throw new BackupException("Could not ask " + pod + " for a TSDB snapshot: " + e.getMessage()
                    + ". Check that the pod is running and that you may create pods/portforward in "
                    + pods.namespace() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
        if (!response.ok()) {
            String hint = response.status() == 403 || response.status() == 404 || response.body().contains("admin")
                    ? " Prometheus must run with --web.enable-admin-api for snapshots." : "";
            throw new BackupException(pod + " refused the TSDB snapshot (HTTP " + response.status() + ": "
                    + response.body().strip() + ")." + hint);
        }
        JsonNode name = JSON.readTree(response.body()).path("data").path("name");
        if (name.isMissingNode() || name.asString().isBlank()) {
            throw new BackupException(pod + " answered the snapshot request without a snapshot name: "
                    + response.body().strip());
        }
        return name.asString();
    }

    /** Total size of the snapshot's files (for the ETA), or -1 when {@code ls -lR} gives nothing usable. */
    long size(String pod, String container, String snapshot) {
        try {
            PodCalls.ExecResult r = pods.exec(pod, container, List.of("ls", "-lR", DATA + "/snapshots/" + snapshot));
            if (!r.ok()) {
                return -1;
            }
            long total = 0;
            for (String line : r.stdout().split("\n")) {
                Matcher m = LS_FILE.matcher(line.strip());
                if (m.matches()) {
                    total += Long.parseLong(m.group(1));
                }
            }
            return total;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }

    /**
     * Total size of the files a snapshot of the replica would hold: its block directories and its head chunks (the
     * head becomes a block in the snapshot), without the WAL and earlier snapshots; -1 when {@code ls -lR} gives
     * nothing usable. An estimate: the head's block is smaller than its chunks.
     */
    long dataSize(String pod, String container) {
        try {
            PodCalls.ExecResult r = pods.exec(pod, container, List.of("ls", "-lR", DATA));
            if (!r.ok()) {
                return -1;
            }
            long total = 0;
            boolean counted = false;
            for (String line : r.stdout().split("\n")) {
                String l = line.strip();
                if (l.endsWith(":") && l.contains("/")) {
                    counted = countedDirectory(l.substring(0, l.length() - 1));
                    continue;
                }
                Matcher m = LS_FILE.matcher(l);
                if (counted && m.matches()) {
                    total += Long.parseLong(m.group(1));
                }
            }
            return total;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }

    /** Whether the files right in {@code dir} (a heading of {@code ls -lR DATA}) are block or head-chunk files. */
    private static boolean countedDirectory(String dir) {
        boolean data = false;
        for (String part : dir.split("/")) {
            if (part.equals("snapshots") || part.equals("wal")) {
                return false;
            }
            data |= isBlock(part) || part.equals("chunks_head");
        }
        return data;
    }

    /** Where {@link #streamInto(String, String, String, Sink, Cancellation)} puts each file of a snapshot. */
    @FunctionalInterface
    interface Sink {
        /**
         * Takes one file: {@code name} relative to the snapshot directory ({@code <block>/<file>}), {@code content}
         * holds exactly {@code size} bytes and is valid only during the call.
         */
        void add(String name, long size, InputStream content);
    }

    /**
     * Streams the snapshot's files into {@code writer} as {@code tsdb/<block>/<file>} entries (memory bounded: each
     * file goes straight from the exec stream into the archive). Returns the block names.
     */
    List<String> streamInto(String pod, String container, String snapshot, ArchiveWriter writer,
            Cancellation cancellation) {
        return streamInto(pod, container, snapshot, (name, size, in) -> writer.add(PREFIX + name, size, in),
                cancellation);
    }

    /**
     * Streams the snapshot's files one by one into {@code sink} (memory bounded: each file goes straight from the
     * exec stream to the sink). Returns the block names.
     */
    List<String> streamInto(String pod, String container, String snapshot, Sink sink, Cancellation cancellation) {
        BoundedText err = new BoundedText();
        Set<String> blocks = new LinkedHashSet<>();
        PodResource resource = pods.pod(pod);
        String[] command = {"tar", "-cf", "-", "-C", DATA + "/snapshots", snapshot};
        try (ExecWatch watch = (container == null ? resource.redirectingOutput().writingError(err)
                : resource.inContainer(container).redirectingOutput().writingError(err)).exec(command)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(watch.getOutput(), "UTF-8");
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                cancellation.check();
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || !name.substring(0, slash).equals(snapshot)) {
                    throw new BackupException("The snapshot stream of " + pod + " holds an unexpected file " + name
                            + "; nothing was kept.");
                }
                String inside = name.substring(slash + 1);
                int blockEnd = inside.indexOf('/');
                if (blockEnd > 0) {
                    blocks.add(inside.substring(0, blockEnd));
                }
                sink.add(inside, entry.getSize(), tar);
            }
            // tar pads its output to a whole record after the end marker; the exec's status comes after that, and
            // the client delivers it only once everything before it was read.
            watch.getOutput().transferTo(OutputStream.nullOutputStream());
            Integer code = watch.exitCode().get(pods.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (code != null && code != 0) {
                throw new BackupException("tar in " + pod + " failed (exit code " + code + "): "
                        + err.toString().strip() + ". Nothing was kept.");
            }
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(e, "create", "pods/exec", pods.namespace(), "streaming the TSDB snapshot out of "
                    + pod);
        } catch (IOException e) {
            throw new BackupException("The TSDB stream from " + pod + " broke off: " + e.getMessage()
                    + " (connection lost?). Nothing was kept; retry.", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BackupException("tar in " + pod + " did not finish: " + e.getMessage()
                    + ". Nothing was kept; retry.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
        return new ArrayList<>(blocks);
    }

    /** Removes {@code path} (a snapshot or a half-restored block) in the pod; returns the error, or null. */
    String remove(String pod, String container, String path) {
        // Also runs after a cancel that interrupted this thread: clean up first, keep the interrupt for the caller.
        boolean interrupted = Thread.interrupted();
        try {
            return removeNow(pod, container, path);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String removeNow(String pod, String container, String path) {
        try {
            PodCalls.ExecResult r = pods.exec(pod, container, List.of("rm", "-r", path));
            return r.ok() ? null : "rm -r " + path + " in " + pod + " failed (exit code " + r.exitCode() + "): "
                    + r.stderr().strip();
        } catch (IOException e) {
            return "rm -r " + path + " in " + pod + " failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "rm -r " + path + " in " + pod + " was interrupted";
        }
    }

    /** The block directories (ULIDs) in the replica's data directory. */
    Set<String> blocks(String pod, String container) {
        try {
            PodCalls.ExecResult r = pods.exec(pod, container, List.of("ls", DATA));
            if (!r.ok()) {
                throw new BackupException("Cannot list " + DATA + " in " + pod + " (exit code " + r.exitCode() + ": "
                        + r.stderr().strip() + ").");
            }
            Set<String> out = new LinkedHashSet<>();
            for (String line : r.stdout().split("\\s+")) {
                if (ULID.matcher(line.strip()).matches()) {
                    out.add(line.strip());
                }
            }
            return out;
        } catch (IOException e) {
            throw new BackupException("Cannot list " + DATA + " in " + pod + ": " + e.getMessage() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }

    /** Whether {@code name} looks like a block directory. */
    static boolean isBlock(String name) {
        return ULID.matcher(name).matches();
    }

    /** Opens {@code tar -xf - -C /prometheus} in the pod; the caller writes a tar stream to {@link Extract#in()}. */
    Extract extract(String pod, String container) {
        BoundedText err = new BoundedText();
        PodResource resource = pods.pod(pod);
        String[] command = {"tar", "-xf", "-", "-C", DATA};
        try {
            ExecWatch watch = (container == null ? resource.redirectingInput().writingError(err)
                    : resource.inContainer(container).redirectingInput().writingError(err)).exec(command);
            return new Extract(pod, watch, err, pods.timeout());
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(e, "create", "pods/exec", pods.namespace(), "restoring TSDB blocks into " + pod);
        }
    }

    /** A running {@code tar -x} in a pod. */
    static final class Extract implements AutoCloseable {
        private final String pod;
        private final ExecWatch watch;
        private final BoundedText err;
        private final Duration timeout;
        private final TarArchiveOutputStream tar;
        private final OutputStream stdin;

        Extract(String pod, ExecWatch watch, BoundedText err, Duration timeout) {
            this.pod = pod;
            this.watch = watch;
            this.err = err;
            this.timeout = timeout;
            OutputStream in = watch.getInput();
            this.stdin = in;
            // GNU tar reads a pipe in records of 10240 bytes: pad the end to a whole record, or tar waits for the
            // rest of a record that never comes (exec over v4 cannot close stdin).
            this.tar = new TarArchiveOutputStream(in, 10240, "UTF-8");
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        void add(String name, long size, InputStream content, Cancellation cancellation) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(size);
            e.setMode(0100644);
            tar.putArchiveEntry(e);
            byte[] buffer = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                cancellation.check();
                int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(name + " ended early");
                }
                tar.write(buffer, 0, n);
                left -= n;
            }
            tar.closeArchiveEntry();
        }

        /**
         * Ends the tar stream (tar exits at its end marker: exec over the v4 protocol cannot close stdin) and waits
         * for tar's exit code.
         */
        void finish() throws IOException {
            tar.finish();
            tar.flush();
            stdin.flush();
            try {
                Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (code != null && code != 0) {
                    throw new BackupException("tar -x in " + pod + " failed (exit code " + code + "): "
                            + err.toString().strip());
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new BackupException("tar -x in " + pod + " did not finish within " + timeout.toSeconds()
                        + " s: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
        }

        @Override
        public void close() {
            watch.close();
            LOG.debug("tar -x session in {} closed", pod);
        }
    }
}
