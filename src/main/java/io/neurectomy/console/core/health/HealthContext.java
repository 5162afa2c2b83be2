package io.neurectomy.console.core.health;

import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import io.neurectomy.console.core.endpoints.ClaimMounts;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.stack.ServingWorkload;
import io.neurectomy.console.core.stack.StackComponent;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What one health run reads from: the session's picture of the namespace (workloads, pods, claims, events), which
 * pods have no process behind them, and calls into exact pods. Answers are kept for the run, so that probes reading
 * the same page of the same replica ask it once.
 */
public final class HealthContext {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final StackSnapshot snapshot;
    private final PodCalls calls;
    private final Map<String, String> noProcess;
    /** Where the stack's backups live, or null when whoever runs the check did not say. */
    private final BackupSource backups;
    private final ConcurrentMap<String, CompletableFuture<PodCalls.Response>> answers = new ConcurrentHashMap<>();
    /** Pods that did not answer a request of this run, with what the request said. */
    private final ConcurrentMap<String, String> silent = new ConcurrentHashMap<>();
    /** The workload each component runs in now, where it is not the component's own (a blue-green side). */
    private final Map<StackComponent, String> serving;

    /**
     * @param namespace the stack's namespace
     * @param snapshot  the session's picture of it
     * @param calls     calls into its pods
     * @param noProcess pods with no process behind them, each with the reason the cluster gives
     */
    public HealthContext(String namespace, StackSnapshot snapshot, PodCalls calls, Map<String, String> noProcess) {
        this(namespace, snapshot, calls, noProcess, null, Map.of());
    }

    private HealthContext(String namespace, StackSnapshot snapshot, PodCalls calls, Map<String, String> noProcess,
            BackupSource backups, Map<StackComponent, String> serving) {
        this.namespace = namespace;
        this.snapshot = snapshot;
        this.calls = calls;
        this.noProcess = Map.copyOf(noProcess);
        this.backups = backups;
        this.serving = Map.copyOf(serving);
    }

    /** This context, telling the Backups checks where the stack's backups live (null: nowhere configured). */
    public HealthContext withBackups(BackupSource source) {
        return new HealthContext(namespace, snapshot, calls, noProcess, source, serving);
    }

    /**
     * This context, with the workloads the components run in now where that is not their own: after a blue-green
     * upgrade Prometheus runs in {@code prometheus-v2-55-1}, and its checks look at that one.
     */
    public HealthContext withServing(Map<StackComponent, String> workloads) {
        Map<StackComponent, String> other = new EnumMap<>(StackComponent.class);
        workloads.forEach((c, name) -> {
            if (!c.workload().equals(name)) {
                other.put(c, name);
            }
        });
        return new HealthContext(namespace, snapshot, calls, noProcess, backups, other);
    }

    /** The name of the workload {@code component} runs in: its own, or the side a blue-green upgrade left. */
    public String workloadName(StackComponent component) {
        return serving.getOrDefault(component, component.workload());
    }

    /** Where the stack's backups live, when whoever runs the check said so. */
    public Optional<BackupSource> backups() {
        return Optional.ofNullable(backups);
    }

    /**
     * The context of {@code session} now: its snapshot, and the pods of its namespace that the cluster marks as
     * having no process (read with one list; when listing is refused none are marked, and calls say why).
     */
    public static HealthContext of(ClusterSession session, Duration requestTimeout) {
        Map<StackComponent, String> serving = new EnumMap<>(StackComponent.class);
        for (StackComponent c : StackComponent.all()) {
            serving.put(c, ServingWorkload.name(session.client(), session.namespace(), c));
        }
        return new HealthContext(session.namespace(), session.state().snapshot(),
                new PodCalls(session.client(), session.namespace(), requestTimeout),
                SandboxMarker.podsWithoutProcess(session.client(), session.namespace())).withServing(serving);
    }

    public String namespace() {
        return namespace;
    }

    public StackSnapshot snapshot() {
        return snapshot;
    }

    /**
     * The cluster's API, for probes that read beyond the snapshot (policies, secrets, access reviews, nodes). Each
     * such read is the probe's own; a refusal is the probe's finding, not the run's failure.
     */
    public KubernetesClient client() {
        return calls.client();
    }

    /** Alertmanager's API on the replicas this run's picture shows (each call asks anew: nothing is kept). */
    public AlertmanagerApi alertmanager() {
        return new AlertmanagerApi(calls, () -> snapshot);
    }

    /** The claims {@code container} of {@code pod} mounts, read from the pod's spec (not kept: each call reads it). */
    public List<ClaimMounts.ClaimMount> claimMounts(String pod, String container) throws IOException {
        return ClaimMounts.of(calls.client(), namespace, pod, container);
    }

    /** The workload of {@code component} in the namespace, if the snapshot has it and it is deployed. */
    public Optional<WorkloadInfo> workload(StackComponent component) {
        String name = workloadName(component);
        // a blue-green side is not one of the snapshot's stack workloads: it is found by the name it has
        return snapshot.workloads().stream().filter(w -> (w.stack() || !name.equals(component.workload()))
                && w.present() && w.name().equals(name) && w.kind().equals(component.workloadKind().kind())
                && (w.namespace().isEmpty() || w.namespace().equals(namespace))).findFirst();
    }

    /** The pods of {@code component}'s workload in the namespace, by name. */
    public List<PodInfo> pods(StackComponent component) {
        String name = workloadName(component);
        return snapshot.pods().stream().filter(p -> p.workload().equals(name)
                        && (p.namespace().isEmpty() || p.namespace().equals(namespace)))
                .sorted(Comparator.comparing(PodInfo::name)).toList();
    }

    /** Why {@code pod} has no process behind it, when the cluster says so. */
    public Optional<String> noProcess(String pod) {
        return Optional.ofNullable(noProcess.get(pod));
    }

    /** Why {@code pod} cannot be asked at all (no process, not running, not scheduled); empty when it can. */
    public Optional<String> unreachable(PodInfo pod) {
        Optional<String> none = noProcess(pod.name());
        if (none.isPresent()) {
            return none;
        }
        if (pod.node().isEmpty() || !"Running".equals(pod.status())) {
            return Optional.of(pod.name() + " is " + pod.status() + "; it was not asked");
        }
        return Optional.empty();
    }

    /**
     * {@code GET path} on {@code pod:port}, asked once per run; throws naming the pod when it cannot be asked. A pod
     * that left a request unanswered is not asked again in the run: its other checks fail at once.
     */
    public PodCalls.Response get(String pod, int port, String path) throws IOException {
        String silence = silent.get(pod);
        if (silence != null) {
            throw new IOException(silence + " (an earlier request in this check; not asked again)");
        }
        CompletableFuture<PodCalls.Response> mine = new CompletableFuture<>();
        CompletableFuture<PodCalls.Response> answer = answers.putIfAbsent(pod + ":" + port + path, mine);
        if (answer == null) {
            answer = mine;
            try {
                mine.complete(calls.get(pod, port, path));
            } catch (IOException e) {
                if (!Replicas.refusedByCluster(e)) {
                    silent.putIfAbsent(pod, e.getMessage());
                }
                mine.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                mine.completeExceptionally(new IOException("interrupted while asking " + pod, e));
            } catch (RuntimeException e) {
                mine.completeExceptionally(new IOException("cannot ask " + pod + ": "
                        + ApiMessages.rootCause(e).getMessage(), e));
            }
        }
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    /** Runs {@code command} in {@code container} of {@code pod} (not kept: every call runs it). */
    public PodCalls.ExecResult exec(String pod, String container, List<String> command) throws IOException {
        try {
            return calls.exec(pod, container, command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running a command in " + pod, e);
        } catch (RuntimeException e) {
            throw new IOException("cannot run a command in " + pod + ": " + ApiMessages.rootCause(e).getMessage(),
                    e);
        }
    }

    /**
     * The {@code data} of a Prometheus-style API answer ({@code {"status":"success","data":…}}) to {@code GET path};
     * throws with the server's error or the status when the answer is not a success.
     */
    public JsonNode api(String pod, int port, String path) throws IOException {
        PodCalls.Response response = get(pod, port, path);
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new IOException(pod + " answered " + path + " with HTTP " + response.status() + " and "
                    + response.notJson() + ". Check that the pod's port is served by the server itself.", e);
        }
        if (!response.ok() || !"success".equals(root.path("status").asString(""))) {
            String error = root.path("error").asString("");
            throw new IOException(pod + " answered " + path + " with HTTP " + response.status()
                    + (error.isEmpty() ? "" : ": " + error));
        }
        return root.path("data");
    }

    /** A JSON answer to {@code GET path} as it is (Alertmanager's v2 API); throws when it is not a 2xx. */
    public JsonNode json(String pod, int port, String path) throws IOException {
        PodCalls.Response response = get(pod, port, path);
        if (!response.ok()) {
            throw new IOException(pod + " answered " + path + " with HTTP " + response.status());
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new IOException(pod + " answered " + path + " with " + response.notJson()
                    + ". Check that the pod's port is served by the server itself.", e);
        }
    }
}
