package io.neurectomy.console.core.stack;

import io.neurectomy.console.core.cluster.Quantities;
import io.neurectomy.console.core.cluster.Resources;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one registry of what the console knows about the stack's components: Prometheus, Grafana and Alertmanager.
 * Forward presets, config targets, backups, reloads, the overview and the topology take their names, ports and
 * defaults from here; the default resources are read from the bundled {@code values.yaml}, never repeated in code.
 */
public enum StackComponent {
    PROMETHEUS("prometheus", "Prometheus", WorkloadKind.STATEFUL_SET, 9090, "/-/ready",
            new ReloadCheck("prometheus_config_last_reload_successful",
                    "prometheus_config_last_reload_success_timestamp_seconds")),
    GRAFANA("grafana", "Grafana", WorkloadKind.DEPLOYMENT, 3000, "/api/health", null),
    ALERTMANAGER("alertmanager", "Alertmanager", WorkloadKind.STATEFUL_SET, 9093, "/-/ready",
            new ReloadCheck("alertmanager_config_last_reload_successful",
                    "alertmanager_config_last_reload_success_timestamp_seconds"));

    /** The kinds of workload that run a component. */
    public enum WorkloadKind {
        STATEFUL_SET("StatefulSet"), DEPLOYMENT("Deployment");

        private final String kind;

        WorkloadKind(String kind) {
            this.kind = kind;
        }

        /** The Kubernetes kind, e.g. {@code StatefulSet}. */
        public String kind() {
            return kind;
        }
    }

    /**
     * How a reload is verified: the gauges a server exports about its last config reload.
     *
     * @param successMetric   1 when the last reload succeeded
     * @param timestampMetric the time of the last successful reload, in seconds since the epoch
     */
    public record ReloadCheck(String successMetric, String timestampMetric) {
    }

    /**
     * A component's default requests and limits per replica (the deployment guide's "Default Resource
     * Requests/Limits", as the bundled {@code values.yaml} declares them).
     */
    public record Defaults(Resources requests, Resources limits) {
    }

    /** What follows the component's name in the name of a blue-green upgrade's second StatefulSet. */
    private static final String SIDE = "-v[0-9][a-z0-9-]*";

    private final String id;
    private final String title;
    private final WorkloadKind workloadKind;
    private final int port;
    private final String readinessPath;
    private final ReloadCheck reload;

    StackComponent(String id, String title, WorkloadKind workloadKind, int port, String readinessPath,
                   ReloadCheck reload) {
        this.id = id;
        this.title = title;
        this.workloadKind = workloadKind;
        this.port = port;
        this.readinessPath = readinessPath;
        this.reload = reload;
    }

    /** The component's name on the command line and in JSON; also its workload's, Service's and container's. */
    public String id() {
        return id;
    }

    /** The name for people. */
    public String title() {
        return title;
    }

    public WorkloadKind workloadKind() {
        return workloadKind;
    }

    /** The workload (StatefulSet or Deployment) that runs it. */
    public String workload() {
        return id;
    }

    /** The Service in front of it. */
    public String service() {
        return id;
    }

    /** The container that runs the server in each pod. */
    public String container() {
        return id;
    }

    /** The web port (API, UI and readiness). */
    public int port() {
        return port;
    }

    /** The HTTP path that answers 200 when the server is ready. */
    public String readinessPath() {
        return readinessPath;
    }

    /** How a config reload is verified; empty for a component without reloadable config (Grafana). */
    public Optional<ReloadCheck> reload() {
        return Optional.ofNullable(reload);
    }

    /**
     * The fewest replicas that keep it available through the loss of one pod or node, as the deployment guide lays
     * the stack out: two Prometheus (an HA pair), two Grafana, three Alertmanager (a gossip cluster).
     */
    public int haReplicas() {
        return this == ALERTMANAGER ? 3 : 2;
    }

    /** Whether its pods have stable names ({@code prometheus-0}) and their own volumes. */
    public boolean stateful() {
        return workloadKind == WorkloadKind.STATEFUL_SET;
    }

    /** Its default requests and limits per replica, from the bundled {@code values.yaml}. */
    public Defaults defaults() {
        return DefaultsHolder.TABLE.get(this);
    }

    /** The component whose workload is called {@code workload} (any case); empty for anything outside the stack. */
    public static Optional<StackComponent> ofWorkload(String workload) {
        if (workload == null) {
            return Optional.empty();
        }
        String name = workload.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.workload().equals(name) || c.isSide(name)).findFirst();
    }

    /** Whether workload {@code workload} runs this component: its own, or a blue-green side ({@link #isSide}). */
    public boolean runs(String workload) {
        return workload().equals(workload) || isSide(workload);
    }

    /**
     * Whether {@code workload} is a second StatefulSet of this component that a blue-green upgrade made next to the
     * first, named after the version it runs: {@code prometheus-v2-55-1} (see {@link #sideName}).
     */
    public boolean isSide(String workload) {
        return stateful() && workload != null && Pattern.matches(Pattern.quote(id) + SIDE, workload);
    }

    /**
     * The name of the StatefulSet that runs image tag {@code version} of this component next to {@code current} in
     * a blue-green upgrade: {@code prometheus-v3-0-1} for {@code v3.0.1} or {@code 3.0.1}, whatever side
     * {@code current} is. Throws {@link IllegalArgumentException} when its pods' names would be too long.
     */
    public String sideName(String version) {
        String v = version.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-")
                .replaceAll("^-|-$", "");
        String name = id + "-" + (v.matches("[0-9].*") ? "v" + v : v);
        // the pods' names (NAME-ORDINAL) go into a label value: at most 63 characters
        if (name.length() > 52) {
            throw new IllegalArgumentException("The StatefulSet for '" + version + "' would be called " + name
                    + ", too long for its pods' names; use a shorter tag or upgrade in place (--strategy rolling).");
        }
        return name;
    }

    /** The component named {@code id} on the command line (any case). */
    public static Optional<StackComponent> named(String id) {
        return ofWorkload(id);
    }

    /**
     * The component a pod belongs to, judged by its name: {@code prometheus-0} for a StatefulSet, or
     * {@code grafana-7d9c5b-x2x9k} for a Deployment.
     */
    public static Optional<StackComponent> ofPod(String pod) {
        if (pod == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(c -> c.ownsPod(pod)).findFirst();
    }

    /** Whether {@code pod} is one of this component's pods, by name. */
    public boolean ownsPod(String pod) {
        return pod != null && (stateful() ? Pattern.matches(Pattern.quote(id) + "(" + SIDE + ")?-\\d+", pod)
                : Pattern.matches(Pattern.quote(id) + "-[a-z0-9]+-[a-z0-9]+", pod));
    }

    /** The components with a workload of {@code kind}, by workload name (the stack's workloads). */
    public static Map<String, String> workloadKinds() {
        return Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(StackComponent::workload,
                c -> c.workloadKind().kind()));
    }

    /** Loaded once, on first use, from the bundled catalog. */
    private static final class DefaultsHolder {
        static final Map<StackComponent, Defaults> TABLE = load();

        private static Map<StackComponent, Defaults> load() {
            Map<String, String> defaults = StackManifests.bundled().valueSpecs().stream()
                    .filter(v -> v.defaultValue() != null)
                    .collect(Collectors.toMap(ValueSpec::name, ValueSpec::defaultValue));
            return Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Function.identity(), c -> {
                Function<String, String> value = suffix -> {
                    String v = defaults.get(c.id + suffix);
                    if (v == null) {
                        throw new IllegalStateException("The bundled values.yaml declares no default for " + c.id
                                + suffix);
                    }
                    return v;
                };
                return new Defaults(
                        new Resources(Quantities.cpuMillis(value.apply("CpuRequest")),
                                Quantities.bytes(value.apply("MemoryRequest"))),
                        new Resources(Quantities.cpuMillis(value.apply("CpuLimit")),
                                Quantities.bytes(value.apply("MemoryLimit"))));
            }));
        }
    }

    /** Every component, in the order the console lists them. */
    public static List<StackComponent> all() {
        return List.of(values());
    }
}
