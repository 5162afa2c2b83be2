package io.neurectomy.console.core.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.config.ReplicaResult.Outcome;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.core.stack.ServingWorkload;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.BoundedYaml;
import io.neurectomy.console.core.util.MetricsText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Applies a config change and reloads the servers as one transaction, one replica at a time, so that a bad config
 * never takes a replica down and never leaves two replicas on a rejected config. {@link #apply} gives the
 * {@link Operation} (steps {@code validate}, {@code write}, {@code reload-<pod>} per replica, {@code check-hash} for
 * Alertmanager, {@code rollback}):
 *
 * <ol>
 *   <li>check the new content (the {@link ConfigGate}) — nothing is written when it fails;</li>
 *   <li>write the object, on the version it was read at (a concurrent change is a
 *       {@link ConfigConflictException});</li>
 *   <li>for each ready replica in turn: wait until the kubelet has put the new content into the pod's mounted file
 *       (checked with {@code sha256sum} through exec), {@code POST /-/reload} through a port-forward, and verify:
 *       the reload gauge is 1, its success timestamp advanced, and the server reports the new content;</li>
 *   <li>Alertmanager: the config hash is the same on every replica.</li>
 * </ol>
 *
 * On any failure or cancel after the write, the previous content is written back and every replica that was
 * reloaded (or tried) is reloaded again and verified on the old config; replicas not reached are never touched.
 * The server's own error text comes from its answer, or from its log when the answer is generic. {@link #reload}
 * gives the reload alone, verified the same way.
 */
public final class ReloadTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadTransaction.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ERROR_LOG = Pattern.compile("level=(error|ERROR)");

    /**
     * Time limits and pacing.
     *
     * @param propagation how long the kubelet may take to update a mounted file (its sync period plus its cache
     *                    TTL: about a minute on a default kubelet, up to two)
     * @param poll        pause between checks of the mounted file
     * @param request     time allowed for one HTTP request or exec
     */
    public record Options(Duration propagation, Duration poll, Duration request) {
        public static Options defaults() {
            return new Options(Duration.ofMinutes(3), Duration.ofSeconds(1), Duration.ofSeconds(20));
        }

        public Options withPropagation(Duration timeout) {
            return new Options(timeout, poll, request);
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final ConfigStore store;
    private final ConfigGate gate;
    private final Options options;
    private final PodCalls pods;

    public ReloadTransaction(KubernetesClient client, String namespace, ConfigGate gate, Options options) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.store = new ConfigStore(client, namespace);
        this.gate = Objects.requireNonNull(gate, "gate");
        this.options = Objects.requireNonNull(options, "options");
        this.pods = new PodCalls(client, namespace, options.request());
    }

    public ConfigStore store() {
        return store;
    }

    String namespace() {
        return namespace;
    }

    /**
     * The operation that applies {@code newData} over {@code base} and reloads every replica. Its plan fails with a
     * {@link ConsoleException} when the content fails the gate; its {@code write} step fails with a
     * {@link ConfigConflictException} when the object changed since {@code base} was read (nothing written in either
     * case); every later failure or a cancel ends with the rollback, reported in the result's {@link ReloadReport}.
     */
    public Operation<ReloadReport> apply(ConfigObject base, Map<String, String> newData) {
        return apply(base, newData, written -> { });
    }

    /**
     * As {@link #apply(ConfigObject, Map)}; {@code onApplied} gets the written object after a successful apply (to
     * record it), and a {@link ConsoleException} it throws becomes a note of the result: the apply stands.
     */
    public Operation<ReloadReport> apply(ConfigObject base, Map<String, String> newData,
                                         Consumer<ConfigObject> onApplied) {
        return new ConfigApply(this, gate, base, newData, onApplied);
    }

    /**
     * The operation that reloads the server on {@code onlyPod}, or on every ready replica one at a time, and
     * verifies each the same way as {@link #apply}. It stops at the first failure (the server keeps its old config
     * on a failed reload).
     */
    public Operation<ReloadReport> reload(StackComponent server, Optional<String> onlyPod) {
        return new ConfigReload(this, server, onlyPod);
    }

    /** Writes {@code data} over {@code base} (on its version). */
    ConfigObject write(ConfigObject base, Map<String, String> data) {
        return store.write(base, data);
    }

    private static StackComponent.ReloadCheck reloadCheck(StackComponent server) {
        return server.reload().orElseThrow(() -> new ConsoleException(server.title() + " has no config to reload."));
    }

    // ---- steps

    void awaitFiles(String pod, StackComponent server, Layout layout, Map<String, String> data, Cancellation cancel) {
        awaitFiles(pod, server, layout, data, Set.of(), cancel);
    }

    /**
     * Waits until the pod's mounted files have {@code data}'s content and the files of {@code removed} (keys the
     * object no longer has) are gone: the kubelet updates a volume as a whole, and a reload before it did would load
     * a removed file again while the unchanged ones already match.
     */
    void awaitFiles(String pod, StackComponent server, Layout layout, Map<String, String> data, Set<String> removed,
            Cancellation cancel) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : data.entrySet()) {
            layout.path(e.getKey()).ifPresent(path -> expected.put(path, sha256(e.getValue())));
        }
        if (expected.isEmpty()) {
            throw new ReplicaFailure(pod, "no key of the object is mounted into the " + server.container()
                    + " container of " + pod, null);
        }
        Set<String> gone = new TreeSet<>();
        for (String key : removed) {
            if (!data.containsKey(key)) {
                layout.path(key).ifPresent(gone::add);
            }
        }
        long deadline = System.nanoTime() + options.propagation().toNanos();
        String last = "no answer yet";
        while (true) {
            cancel.check();
            try {
                List<String> command = new ArrayList<>();
                command.add("sha256sum");
                command.addAll(expected.keySet());
                command.addAll(gone);
                PodCalls.ExecResult result = pods.exec(pod, server.container(), command);
                Map<String, String> seen = new LinkedHashMap<>();
                for (String line : result.stdout().split("\n")) {
                    String[] parts = line.strip().split("\\s+", 2);
                    if (parts.length == 2) {
                        seen.put(parts[1].startsWith("*") ? parts[1].substring(1) : parts[1], parts[0]);
                    }
                }
                Optional<String> stale = expected.keySet().stream()
                        .filter(p -> !expected.get(p).equals(hashOf(seen, p))).findFirst()
                        .map(p -> p + " still has the old content")
                        .or(() -> gone.stream().filter(p -> hashOf(seen, p) != null).findFirst()
                                .map(p -> p + " is still there (its key was removed)"));
                if (stale.isEmpty()) {
                    return;
                }
                last = stale.get();
            } catch (IOException e) {
                last = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
            if (System.nanoTime() > deadline) {
                throw new ReplicaFailure(pod, "the kubelet did not update the mounted file within "
                        + options.propagation().toSeconds() + " s (" + last + "). The kubelet syncs ConfigMaps and"
                        + " Secrets periodically; on a busy node it can take longer. Try again, or restart the pod.",
                        null);
            }
            pause(options.poll());
        }
    }

    /**
     * The hash {@code sha256sum} printed for {@code path}: a container prints the path as given; a runtime that
     * maps paths may print a longer one ending in it.
     */
    private static String hashOf(Map<String, String> seen, String path) {
        String exact = seen.get(path);
        if (exact != null) {
            return exact;
        }
        return seen.entrySet().stream().filter(e -> e.getKey().endsWith(path)).map(Map.Entry::getValue).findFirst()
                .orElse(null);
    }

    /**
     * {@code POST /-/reload} on {@code pod}, then the checks of {@link #verify}; {@code verifying} runs between the
     * two (for progress). Throws {@link ReplicaFailure} with the server's words when it refuses.
     */
    void reloadAndVerify(String pod, StackComponent server, ConfigTarget target, Map<String, String> data,
                                 Runnable verifying) {
        double before = timestamp(pod, server);
        Reload reload = reload(pod, server);
        if (!reload.ok) {
            // The server's own refusal is its words about the config; a reload that got no such answer is not.
            throw reload.answered ? new ReplicaFailure(pod, reload.error)
                    : new ReplicaFailure(pod, "could not be reloaded: " + reload.error, null);
        }
        verifying.run();
        verify(pod, server, before, target, data);
    }

    /** A reload's outcome; {@code answered}: the server itself answered (its refusal is about the config). */
    private record Reload(boolean ok, String error, boolean answered) {
    }

    private Reload reload(String pod, StackComponent server) {
        try {
            PodCalls.Response response = pods.post(pod, server.port(), "/-/reload");
            if (response.ok() && response.html()) {
                // The servers answer a reload with an empty body; a page comes from something in front of them.
                return new Reload(false, pod + " answered POST /-/reload with HTTP " + response.status() + " and an"
                        + " HTML page, not " + server.title() + "'s own answer (an error or login page of something"
                        + " in front of the server?): the reload may not have happened. Check what serves port "
                        + server.port() + " of the pod.", false);
            }
            if (response.ok()) {
                return new Reload(true, null, true);
            }
            if (response.status() == 403) {
                return new Reload(false, server.title() + " refused the reload (403): it runs without"
                        + " --web.enable-lifecycle. Add that flag, or use a rollout restart instead.", true);
            }
            String body = response.body() == null ? "" : response.body().strip();
            String error = body.isEmpty() || body.contains("one or more errors occurred")
                    ? fromLog(pod, server).map(log -> (body.isEmpty() ? "" : body + "\n") + log).orElse(body)
                    : body;
            return new Reload(false, error.isEmpty() ? "HTTP " + response.status() : error, true);
        } catch (IOException e) {
            return new Reload(false, e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }

    /** The last error lines of the server's log: Prometheus puts the detail of a rule error only there. */
    private Optional<String> fromLog(String pod, StackComponent server) {
        try {
            String log = client.pods().inNamespace(namespace).withName(pod).inContainer(server.container())
                    .tailingLines(200).getLog();
            List<String> errors = log == null ? List.of() : log.lines().filter(l -> ERROR_LOG.matcher(l).find())
                    .toList();
            if (errors.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(String.join("\n", errors.subList(Math.max(0, errors.size() - 3), errors.size())));
        } catch (KubernetesClientException e) {
            LOG.debug("Could not read the log of {}: {}", pod, e.getMessage());
            return Optional.empty();
        }
    }

    private double timestamp(String pod, StackComponent server) {
        return metric(pod, server, reloadCheck(server).timestampMetric()).orElse(0);
    }

    private OptionalDouble metric(String pod, StackComponent server, String name) {
        try {
            PodCalls.Response response = pods.get(pod, server.port(), "/metrics");
            return response.ok() ? MetricsText.value(response.body(), name) : OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }

    /** Checks the reload gauge, the success timestamp, and (when {@code target} is given) the content served. */
    private void verify(String pod, StackComponent server, double before, ConfigTarget target,
                        Map<String, String> data) {
        String metrics;
        try {
            PodCalls.Response response = pods.get(pod, server.port(), "/metrics");
            if (!response.ok()) {
                throw new ReplicaFailure(pod, "/metrics answered HTTP " + response.status(), null);
            }
            metrics = response.body();
        } catch (IOException e) {
            throw new ReplicaFailure(pod, "could not read /metrics: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
        OptionalDouble success = MetricsText.value(metrics, reloadCheck(server).successMetric());
        if (success.isEmpty() && PodCalls.Response.describe(metrics).startsWith("an HTML page")) {
            throw new ReplicaFailure(pod, "/metrics answered with an HTML page instead of metrics (an error or login"
                    + " page of something in front of the server?): the reload cannot be verified", null);
        }
        if (success.isEmpty() || success.getAsDouble() != 1) {
            throw new ReplicaFailure(pod, reloadCheck(server).successMetric() + " is " + (success.isEmpty() ? "missing"
                    : (long) success.getAsDouble()) + " after the reload", null);
        }
        OptionalDouble after = MetricsText.value(metrics, reloadCheck(server).timestampMetric());
        if (after.isEmpty() || after.getAsDouble() < before || (before > 0 && after.getAsDouble() == before)) {
            throw new ReplicaFailure(pod, reloadCheck(server).timestampMetric() + " did not advance: the reload did"
                    + " not happen", null);
        }
        if (target == null) {
            return;
        }
        String mismatch = switch (target) {
            case PROMETHEUS -> prometheusConfigMismatch(pod, data.get(target.key()));
            case RULES -> rulesMismatch(pod, data);
            case ALERTMANAGER -> null;
        };
        if (mismatch != null) {
            throw new ReplicaFailure(pod, mismatch, null);
        }
    }

    /** Compares the scrape jobs and external labels that {@code /api/v1/status/config} reports with the file. */
    private String prometheusConfigMismatch(String pod, String text) {
        Map<String, Object> mine = yamlMap(text);
        JsonNode status = apiJson(pod, StackComponent.PROMETHEUS, "/api/v1/status/config");
        Map<String, Object> running = yamlMap(status.path("data").path("yaml").asString(""));
        if (!jobNames(mine).equals(jobNames(running))) {
            return "/api/v1/status/config lists scrape jobs " + jobNames(running) + ", the file has "
                    + jobNames(mine);
        }
        // External labels: the same names, and the same values except where the file refers to the environment
        // (${POD_NAME}), which the server expands.
        Map<?, ?> mineLabels = global(mine).get("external_labels") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> runningLabels = global(running).get("external_labels") instanceof Map<?, ?> m ? m : Map.of();
        if (!mineLabels.keySet().equals(runningLabels.keySet())) {
            return "/api/v1/status/config shows external_labels " + runningLabels.keySet() + ", the file has "
                    + mineLabels.keySet();
        }
        for (Map.Entry<?, ?> e : mineLabels.entrySet()) {
            String value = String.valueOf(e.getValue());
            if (!value.contains("$") && !value.equals(String.valueOf(runningLabels.get(e.getKey())))) {
                return "/api/v1/status/config shows external label " + e.getKey() + "=\""
                        + runningLabels.get(e.getKey()) + "\", the file has \"" + value + "\"";
            }
        }
        return null;
    }

    /** Checks that {@code /api/v1/rules} lists exactly the rule groups of the files, per file. */
    private String rulesMismatch(String pod, Map<String, String> data) {
        Set<String> expected = new TreeSet<>();
        for (String text : data.values()) {
            Object groups = yamlMap(text).get("groups");
            if (groups instanceof List<?> list) {
                for (Object g : list) {
                    if (g instanceof Map<?, ?> m && m.get("name") != null) {
                        expected.add(String.valueOf(m.get("name")));
                    }
                }
            }
        }
        JsonNode rules = apiJson(pod, StackComponent.PROMETHEUS, "/api/v1/rules");
        Set<String> loaded = new TreeSet<>();
        for (JsonNode group : rules.path("data").path("groups")) {
            loaded.add(group.path("name").asString(""));
        }
        if (!loaded.containsAll(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(loaded);
            return "/api/v1/rules does not list the rule group(s) " + missing;
        }
        return null;
    }

    String hashMismatch(List<ReplicaResult> results) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (ReplicaResult r : results) {
            if (r.outcome() != Outcome.RELOADED) {
                continue;
            }
            OptionalDouble hash = metric(r.pod(), StackComponent.ALERTMANAGER, "alertmanager_config_hash");
            hashes.put(r.pod(), hash.isPresent() ? Long.toHexString((long) hash.getAsDouble()) : "missing");
        }
        if (new HashSet<>(hashes.values()).size() > 1 || hashes.containsValue("missing")) {
            return "the Alertmanager replicas report different config hashes " + hashes;
        }
        return null;
    }

    private JsonNode apiJson(String pod, StackComponent server, String path) {
        try {
            PodCalls.Response response = pods.get(pod, server.port(), path);
            if (!response.ok()) {
                throw new ReplicaFailure(pod, path + " answered HTTP " + response.status(), null);
            }
            return JSON.readTree(response.body());
        } catch (IOException | tools.jackson.core.JacksonException e) {
            throw new ReplicaFailure(pod, "could not read " + path + ": " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }

    // ---- pods and mounts

    List<Pod> pods(StackComponent server) {
        List<Pod> pods;
        String name = ServingWorkload.name(client, namespace, server);
        try {
            if (client.apps().statefulSets().inNamespace(namespace).withName(name).get() == null) {
                throw new ConsoleException("StatefulSet " + name + " does not exist in " + namespace
                        + ": there is no " + server.title() + " to reload.");
            }
            pods = StatefulSetPods.of(client, namespace, name);
        } catch (KubernetesClientException e) {
            throw new ConsoleException("Could not read the " + name + " replicas in " + namespace
                    + ": " + e.getMessage(), e);
        }
        if (pods.isEmpty()) {
            throw new ConsoleException("StatefulSet " + name + " has no pods in " + namespace + ".");
        }
        return pods;
    }

    /** Where the object's keys appear inside the server's container, from the StatefulSet's volumes and mounts. */
    record Layout(Map<String, String> items, String directory) {
        Optional<String> path(String key) {
            if (!items.isEmpty()) {
                return Optional.ofNullable(items.get(key)).map(p -> directory + "/" + p);
            }
            return Optional.of(directory + "/" + key);
        }
    }

    Layout layout(ConfigTarget target) {
        StackComponent server = target.server();
        String name = ServingWorkload.name(client, namespace, server);
        StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (sts == null) {
            throw new ConsoleException("StatefulSet " + name + " does not exist in " + namespace + ".");
        }
        var spec = sts.getSpec().getTemplate().getSpec();
        Volume volume = spec.getVolumes() == null ? null : spec.getVolumes().stream().filter(v -> target.secret()
                        ? v.getSecret() != null && target.objectName().equals(v.getSecret().getSecretName())
                        : v.getConfigMap() != null && target.objectName().equals(v.getConfigMap().getName()))
                .findFirst().orElse(null);
        Container container = spec.getContainers().stream().filter(c -> server.container().equals(c.getName()))
                .findFirst().orElse(spec.getContainers().get(0));
        VolumeMount mount = volume == null || container.getVolumeMounts() == null ? null
                : container.getVolumeMounts().stream().filter(m -> volume.getName().equals(m.getName()))
                .findFirst().orElse(null);
        if (mount == null) {
            throw new ConsoleException(target.ref() + " is not mounted into the " + container.getName()
                    + " container of StatefulSet " + name + ", so a reload cannot pick it up. Check"
                    + " the StatefulSet's volumes.");
        }
        List<KeyToPath> items = target.secret() ? volume.getSecret().getItems() : volume.getConfigMap().getItems();
        Map<String, String> byKey = new LinkedHashMap<>();
        if (items != null) {
            items.forEach(i -> byKey.put(i.getKey(), i.getPath()));
        }
        String dir = mount.getMountPath().endsWith("/") ? mount.getMountPath().substring(0,
                mount.getMountPath().length() - 1) : mount.getMountPath();
        if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
            // A subPath mount is never updated by the kubelet: a reload would keep reading the old file.
            throw new ConsoleException(target.ref() + " is mounted with subPath into " + name
                    + "; the kubelet never updates subPath mounts, so the servers would not see the change until"
                    + " they restart. Mount the whole volume instead, or use a rollout restart.");
        }
        return new Layout(byKey, dir);
    }

    // ---- helpers

    static String skipped(List<ReplicaResult> results) {
        List<String> skipped = results.stream().filter(r -> r.outcome() == Outcome.SKIPPED).map(ReplicaResult::pod)
                .toList();
        return skipped.isEmpty() ? "" : "; not ready, skipped: " + String.join(", ", skipped);
    }

    private static Map<String, Object> yamlMap(String text) {
        try {
            Object doc = BoundedYaml.load(text == null ? "" : text);
            if (doc instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), v));
                return out;
            }
        } catch (RuntimeException e) {
            LOG.debug("not YAML: {}", e.getMessage());
        }
        return Map.of();
    }

    private static Map<?, ?> global(Map<String, Object> config) {
        return config.get("global") instanceof Map<?, ?> g ? g : Map.of();
    }

    private static Set<String> jobNames(Map<String, Object> config) {
        Set<String> names = new TreeSet<>();
        if (config.get("scrape_configs") instanceof List<?> jobs) {
            for (Object job : jobs) {
                if (job instanceof Map<?, ?> m && m.get("job_name") != null) {
                    names.add(String.valueOf(m.get("job_name")));
                }
            }
        }
        return names;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }

    /** One replica failed a step; carries the server's own words when it gave any. */
    static final class ReplicaFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String pod;
        final String serverError;

        ReplicaFailure(String pod, String serverError) {
            this(pod, "refused the new config: " + ConfigStore.firstLine(serverError), serverError);
        }

        ReplicaFailure(String pod, String message, String serverError) {
            super(message);
            this.pod = pod;
            this.serverError = serverError;
        }
    }
}
