package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.backup.operations.TsdbCopy;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code seed} step of {@link BlueGreenOperation}: the old side's TSDB copied into every new replica. A snapshot
 * on a ready old replica ({@link TsdbCopy}, the backup's transfer) is streamed into each new replica's data
 * directory; each new replica is then restarted, as a TSDB restore does, so that Prometheus opens the copied blocks
 * at its start; and each must answer a query for {@code up} samples from before the new side was created. The
 * snapshot is removed from the old replica whatever happens.
 */
final class BlueGreenSeed {
    private static final Logger LOG = LoggerFactory.getLogger(BlueGreenSeed.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CALL = Duration.ofSeconds(10);

    private final ClusterSession session;
    private final BlueGreen sides;
    private final ComponentWorkload workload;
    private final Duration timeout;
    private final Duration poll;

    BlueGreenSeed(ClusterSession session, BlueGreen sides, ComponentWorkload workload, Duration timeout,
            Duration poll) {
        this.session = session;
        this.sides = sides;
        this.workload = workload;
        this.timeout = timeout;
        this.poll = poll;
    }

    /** For the plan: about how much a seed from {@code oldName} copies into each new replica, or why not known. */
    String estimate(String oldName) {
        try {
            Pod source = sides.pods(oldName).stream().filter(BlueGreen::ready).findFirst().orElse(null);
            if (source == null) {
                return "its size is known once the snapshot is taken";
            }
            long bytes = new TsdbCopy(session.client(), session.namespace(), CALL).estimate(source.getMetadata()
                    .getName(), TsdbCopy.container(source));
            return bytes < 0 ? "its size is known once the snapshot is taken" : "about " + size(bytes) + " from "
                    + source.getMetadata().getName() + " into each replica";
        } catch (RuntimeException e) {
            if (e instanceof OperationCancelledException c) {
                throw c;
            }
            LOG.debug("Estimating the TSDB of {} failed: {}", oldName, e.getMessage());
            return "its size is known once the snapshot is taken";
        }
    }

    /** Runs the step; returns what each new replica got. */
    List<BlueGreenOperation.Seeded> run(Execution ex, String oldName, String name) {
        Pod source = sides.pods(oldName).stream().filter(BlueGreen::ready).findFirst().orElseThrow(() ->
                new ConsoleException("No replica of " + oldName + " is ready to take a TSDB snapshot on."));
        String from = source.getMetadata().getName();
        String fromContainer = TsdbCopy.container(source);
        List<Pod> targets = sides.pods(name);
        Instant created = createdAt(name);
        TsdbCopy copy = new TsdbCopy(session.client(), session.namespace(), timeout);
        List<TsdbCopy.Copied> copied = new ArrayList<>();
        ex.cancellation().check();
        String snapshot = copy.snapshot(from);
        LOG.info("Blue-green: TSDB snapshot {} taken on {}/{} to seed {}", snapshot, session.namespace(), from, name);
        try {
            long size = copy.size(from, fromContainer, snapshot);
            long total = size < 0 ? -1 : size * targets.size();
            long[] before = {0};
            for (Pod target : targets) {
                ex.cancellation().check();
                TsdbCopy.Copied c = copy.copy(from, fromContainer, snapshot, target.getMetadata().getName(),
                        TsdbCopy.container(target), ex.cancellation(), done -> ex.bytes(before[0] + done, total));
                before[0] += c.bytes();
                copied.add(c);
            }
        } finally {
            String error = copy.removeSnapshot(from, fromContainer, snapshot);
            if (error != null) {
                LOG.warn("The TSDB snapshot {} could not be removed from {}: {}", snapshot, from, error);
                ex.resultNote("The TSDB snapshot " + snapshot + " could not be removed from " + from + " (" + error
                        + "): remove /prometheus/snapshots/" + snapshot + " by hand, it pins disk space.");
            }
        }
        List<BlueGreenOperation.Seeded> seeded = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (TsdbCopy.Copied c : copied) {
            ex.cancellation().check();
            restart(ex, c.pod());
            String checked = check(ex, c, created);
            seeded.add(new BlueGreenOperation.Seeded(c.pod(), c.blocks(), c.bytes()));
            lines.add(c.pod() + ": " + c.blocks().size() + " blocks, " + size(c.bytes()) + " from " + from + "; "
                    + checked);
        }
        ex.detail(String.join("\n", lines));
        return seeded;
    }

    private Instant createdAt(String name) {
        StatefulSet sts = sides.statefulSet(name);
        String stamp = sts == null ? null : sts.getMetadata().getCreationTimestamp();
        if (stamp == null) {
            throw new ConsoleException("StatefulSet/" + name + " is gone: there is nothing to seed.");
        }
        return Instant.parse(stamp);
    }

    /** Deletes the pod so that it starts again on the copied blocks, and waits until its successor is ready. */
    private void restart(Execution ex, String pod) {
        Pod now = pod(pod);
        if (now == null) {
            throw new ConsoleException(pod + " is gone: it cannot load the copied blocks.");
        }
        String uid = now.getMetadata().getUid();
        try {
            session.client().pods().inNamespace(session.namespace()).withName(pod).delete();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "restart " + pod + " on the copied blocks", "Forbidden: your"
                    + " account may not delete pods in " + session.namespace() + ".", pod + " is gone.");
        }
        LOG.info("Blue-green: deleted pod {}/{} so that it starts on the seeded blocks", session.namespace(), pod);
        String[] state = {pod + " restarting"};
        workload.await(ex, timeout, poll, pod + " to be ready again on the copied blocks", () -> {
            Pod p = pod(pod);
            if (p == null || uid.equals(p.getMetadata().getUid())) {
                return false;
            }
            ReplicaRollout.broken(p).ifPresent(why -> {
                throw new ConsoleException(pod + " does not start again on the copied blocks: " + why + ".");
            });
            state[0] = pod + (BlueGreen.ready(p) ? " ready" : " started again, not ready yet");
            return BlueGreen.ready(p);
        }, () -> state[0], "The Services were not switched.");
    }

    private Pod pod(String pod) {
        try {
            Pod p = session.client().pods().inNamespace(session.namespace()).withName(pod).get();
            return p == null || p.getMetadata().getDeletionTimestamp() != null ? null : p;
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "read pod " + pod, "Forbidden: your account may not read pods in "
                    + session.namespace() + ".", session.namespace() + " is gone.");
        }
    }

    /**
     * Waits until the replica answers a query for {@code up} samples older than the new side (which has none of
     * its own from then), within the range of the copied blocks; says what it found.
     */
    private String check(Execution ex, TsdbCopy.Copied c, Instant created) {
        if (c.minTime() == null || c.maxTime() == null) {
            return "no samples copied";
        }
        Instant at = created.minusSeconds(1);
        if (c.maxTime().isBefore(at)) {
            at = c.maxTime();
        }
        if (!c.minTime().isBefore(at)) {
            return "none of the copied samples are older than the new side";
        }
        long seconds = Duration.between(c.minTime(), at).toSeconds() + 1;
        String query = "count(count_over_time(up[" + seconds + "s]))";
        String path = "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time="
                + String.format(Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0);
        PodCalls calls = new PodCalls(session.client(), session.namespace(), CALL);
        long[] series = {0};
        String[] state = {"not asked yet"};
        Instant when = at;
        workload.await(ex, timeout, poll, c.pod() + " to answer for samples from before the new side", () -> {
            try {
                PodCalls.Response r = calls.get(c.pod(), StackComponent.PROMETHEUS.port(), path);
                if (!r.ok()) {
                    state[0] = "HTTP " + r.status() + ": " + r.body().strip();
                    return false;
                }
                JsonNode result = JSON.readTree(r.body()).path("data").path("result");
                series[0] = result.size() == 0 ? 0
                        : (long) Double.parseDouble(result.get(0).path("value").get(1).asString());
                state[0] = series[0] + " series of up at " + when;
                return series[0] > 0;
            } catch (IOException e) {
                state[0] = e.getMessage();
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
        }, () -> state[0], "The copied blocks may have been skipped: the replica's log says why.");
        return series[0] + " series of up answered from before the new side (" + when + ")";
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
