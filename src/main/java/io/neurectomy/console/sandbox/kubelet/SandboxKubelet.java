package io.neurectomy.console.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.Directories;
import io.neurectomy.console.sandbox.PodLogs;
import io.neurectomy.console.sandbox.PodProcesses;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.PodRuntimes;
import io.neurectomy.console.sandbox.RuntimeStatus;
import io.neurectomy.console.sandbox.SandboxImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's kubelet: runs a real local process for each Prometheus and Alertmanager pod the reconciler starts,
 * with a directory standing in for the pod's filesystem and ConfigMap/Secret volumes copied into it after a
 * kubelet-like propagation delay.
 *
 * <p>Processes listen on free loopback ports (pod IPs are not routable here); {@link #find} tells the kubelet relay
 * which local port serves which container port. Prometheus loads a translated copy of its configuration because
 * Debian's build lacks Kubernetes discovery (see {@link PrometheusConfigTranslator}); Alertmanager replicas of one
 * StatefulSet gossip with each other on loopback. Readiness is probed on {@code /-/ready}, processes that exit on
 * their own are restarted with backoff, and every process is stopped on {@link #close()} or JVM exit.
 *
 * <p>Pods whose image has no stand-in (Grafana has no Debian package) or whose program is missing get a runtime
 * marked unavailable with a sentence saying so, never a fake process.
 */
public final class SandboxKubelet implements PodRuntimes, PodProcesses, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxKubelet.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final long PROBE_PERIOD_MILLIS = 500;
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    /** The lowest port {@link #freePort} picks from, below the ephemeral range. */
    private static final int FIRST_LISTEN_PORT = 10_000;
    /** The first port of the kernel's ephemeral range; -1 where it cannot be read. */
    private static final int EPHEMERAL_LOW = ephemeralLow();
    /** A process that ran this long before exiting starts its backoff from the beginning again. */
    private static final long BACKOFF_RESET_MILLIS = 30_000;
    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern ORDINAL = Pattern.compile("^(.*)-\\d+$");
    /** What a {@link SandboxImages#CRASH_LOOP} image adds to its program's arguments (sandbox only). */
    static final String CRASH_LOOP_ARG = "--sandbox-crash-loop-image";
    private static final String CRASH_LOOP_NOTE = "sandbox crash-loop image";
    private static final String NEVER_READY_FAILURE = "readiness probe failed: sandbox never-ready image";

    /** What stands in for a pod's main container. */
    enum StandIn { PROMETHEUS, ALERTMANAGER, NONE }

    private final Path workDir;
    private final KubernetesClient admin;
    private final Binaries binaries;
    private final Duration propagationDelay;
    private final VolumeProjector projector;
    private final VolumeUse volumeUse;
    private final KubernetesSdServer sd;
    private final PrometheusConfigTranslator translator;
    private final ScheduledThreadPoolExecutor scheduler;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<String, PodState> pods = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, RuntimeStatus>> listeners = new CopyOnWriteArrayList<>();
    private final List<Long> startedPids = Collections.synchronizedList(new ArrayList<>());
    private final Map<Path, FlagSet> flagSets = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Optional<Path> setpriv = Stream.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"))
            .filter(Files::isExecutable).findFirst();
    private final Thread shutdownHook;
    private volatile Thread schedulerThread;
    private volatile boolean closed;

    /**
     * Creates the kubelet; it runs nothing until {@link #start(Pod)}.
     *
     * @param workDir          where pod directories ({@code pods/<namespace>/<name>}) and run files live
     * @param admin            the sandbox API, to read mounted ConfigMaps/Secrets and to serve discovery
     * @param binaries         the real programs; missing ones make their pods unavailable
     * @param propagationDelay how long a ConfigMap or Secret change takes to reach the mounted files
     */
    public SandboxKubelet(Path workDir, KubernetesClient admin, Binaries binaries, Duration propagationDelay) {
        this.workDir = workDir.toAbsolutePath();
        this.admin = admin;
        this.binaries = binaries;
        this.propagationDelay = propagationDelay;
        this.projector = new VolumeProjector(admin);
        this.volumeUse = new VolumeUse(admin);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sandbox-kubelet");
            t.setDaemon(true);
            schedulerThread = t;
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            Files.createDirectories(this.workDir);
            this.sd = new KubernetesSdServer(admin, this);
        } catch (IOException e) {
            scheduler.shutdownNow();
            throw new UncheckedIOException("The sandbox kubelet could not start: " + e.getMessage(), e);
        }
        this.translator = new PrometheusConfigTranslator(sd::url);
        informers.add(admin.configMaps().inAnyNamespace().inform(sourceHandler("ConfigMap"), 0));
        informers.add(admin.secrets().inAnyNamespace().inform(sourceHandler("Secret"), 0));
        scheduler.scheduleWithFixedDelay(this::probeAll, PROBE_PERIOD_MILLIS, PROBE_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        // A process must never outlive the console; SandboxCluster closes us too, this covers direct use.
        shutdownHook = new Thread(this::close, "sandbox-kubelet-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Null when real processes stand in for Prometheus and Alertmanager pods; otherwise why not, in a sentence. */
    public String mode() {
        boolean prometheus = binaries.prometheus().isPresent();
        boolean alertmanager = binaries.alertmanager().isPresent();
        if (prometheus && alertmanager) {
            return null;
        }
        if (!prometheus && !alertmanager) {
            return "API only: prometheus and prometheus-alertmanager were not found on PATH, so pods have no "
                    + "processes behind them.";
        }
        return prometheus
                ? "Partly API only: prometheus-alertmanager was not found on PATH, so Alertmanager pods have no "
                        + "processes behind them."
                : "Partly API only: prometheus was not found on PATH, so Prometheus pods have no processes "
                        + "behind them.";
    }

    /** Notifies {@code listener} (with "namespace/name") whenever a pod's {@link RuntimeStatus} changes. */
    public void addListener(BiConsumer<String, RuntimeStatus> listener) {
        listeners.add(listener);
    }

    /** Every process ID this kubelet ever started, restarts included, so tests can check that none survives. */
    public List<Long> startedPids() {
        synchronized (startedPids) {
            return List.copyOf(startedPids);
        }
    }

    @Override
    public Optional<PodRuntime> find(String namespace, String pod) {
        return Optional.ofNullable(pods.get(key(namespace, pod))).map(PodState::runtime);
    }

    /**
     * Makes the persistent volume mounted at {@code mountPath} in the running pod appear {@code percent} % full to
     * {@code df} in the pod (the claim keeps the simulated fill across restarts of the pod).
     *
     * @return the bytes simulated on top of the pod's files
     * @throws IllegalArgumentException when the kubelet does not run the pod or it mounts no claim there
     */
    public long fillVolume(String namespace, String pod, String mountPath, double percent) {
        PodState state = pods.get(key(namespace, pod));
        if (state == null) {
            throw new IllegalArgumentException("the sandbox does not run " + namespace + "/" + pod);
        }
        return volumeUse.fill(state.pod, state.root, mountPath, percent);
    }

    /**
     * Backfills the TSDB of the running Prometheus pod with the samples of {@code openMetrics}, through
     * {@code promtool tsdb create-blocks-from openmetrics} into its data directory ({@code --storage.tsdb.path},
     * by default {@code /prometheus} in the pod). The process loads the blocks at its next periodic reload.
     *
     * @return the names of the block directories written
     * @throws IllegalArgumentException when the kubelet does not run the pod as a Prometheus process
     * @throws IllegalStateException    when promtool is not installed or fails
     */
    public List<String> backfill(String namespace, String pod, String openMetrics) throws IOException {
        PodState state = pods.get(key(namespace, pod));
        if (state == null || state.kind != StandIn.PROMETHEUS || state.binary == null) {
            throw new IllegalArgumentException("the sandbox runs no Prometheus process for " + namespace + "/" + pod);
        }
        Path promtool = binaries.promtool().orElseThrow(() -> new IllegalStateException(
                "promtool was not found on PATH: install the Debian package prometheus"));
        String dataDir = state.args.stream().filter(a -> a.name().equals("storage.tsdb.path") && a.value() != null)
                .map(Arg::value).findFirst().orElse("/prometheus");
        Path tsdb = dataDir.startsWith("/") ? VolumeProjector.inside(state.root, dataDir)
                : state.root.resolve(dataDir);
        return TsdbBackfill.run(promtool, tsdb, state.runDir, openMetrics);
    }

    /** The pod's last reported status; empty when the kubelet does not run the pod. */
    public Optional<RuntimeStatus> status(String namespace, String pod) {
        return Optional.ofNullable(pods.get(key(namespace, pod))).map(s -> s.status);
    }

    /** The process ID currently standing in for the pod, if a process runs for it right now. */
    public OptionalLong pid(String namespace, String pod) {
        PodState state = pods.get(key(namespace, pod));
        Process process = state == null ? null : state.process;
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /**
     * Starts the pod's stand-in: projects its volumes, then starts the process. Does nothing when the pod already
     * runs.
     *
     * @param pod the pod as stored in the API (its {@code status.podIP} is used for discovery labels)
     */
    public void start(Pod pod) {
        if (closed) {
            throw new IllegalStateException("The sandbox kubelet is closed");
        }
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String key = key(namespace, name);
        PodState state;
        synchronized (pods) {
            if (closed) {
                throw new IllegalStateException("The sandbox kubelet is closed");
            }
            if (pods.containsKey(key)) {
                return;
            }
            state = new PodState(pod);
            pods.put(key, state);
        }
        try {
            prepare(state);
        } catch (IOException | RuntimeException e) {
            pods.remove(key);
            throw new IllegalStateException("The sandbox could not start pod " + key + ": " + e.getMessage(), e);
        }
        if (state.unavailable != null) {
            LOG.info("Pod {} has no process in the sandbox: {}", key, state.unavailable);
            setStatus(state, switch (state.behaviour) {
                case CRASH_LOOP -> new RuntimeStatus(false, false, 0, "exited with status 1 (" + CRASH_LOOP_NOTE + ")");
                case NEVER_READY -> new RuntimeStatus(true, false, 0, NEVER_READY_FAILURE);
                case NORMAL -> new RuntimeStatus(true, true, 0, state.unavailable);
            });
            return;
        }
        setStatus(state, new RuntimeStatus(true, false, 0, "starting"));
        onScheduler(() -> launch(state));
    }

    @Override
    public void hang(String namespace, String name) {
        PodState state = pods.get(key(namespace, name));
        Process process = state == null ? null : state.process;
        if (process == null || !process.isAlive() || state.hungPid == process.pid()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor() == 0) {
                state.hungPid = process.pid();
                LOG.info("Pod {}: process {} held (SIGSTOP) for the hung-pod fault", state.key, process.pid());
            }
        } catch (IOException e) {
            LOG.warn("Pod {}: could not hold process {}: {}", state.key, process.pid(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the pod's process (SIGTERM, then a kill after ~5 s), empties its persistent volumes and starts it again,
     * one restart more. On the scheduler thread, so that no crash restart of the pod runs meanwhile.
     */
    @Override
    public boolean wipeVolumes(String namespace, String name) {
        PodState state = pods.get(key(namespace, name));
        if (state == null) {
            return false;
        }
        AtomicBoolean wiped = new AtomicBoolean();
        onScheduler(() -> wiped.set(wipeAndRelaunch(state)));
        return wiped.get();
    }

    private boolean wipeAndRelaunch(PodState state) {
        Process process = state.process;
        boolean runs = process != null && process.isAlive();
        if (state.stopping || closed || state.unavailable == null && !runs) {
            return false; // starting, or waiting for a crash restart: the next pass asks again
        }
        if (runs) {
            // Its exit is the fault's, not a crash: exited() runs on this thread after the relaunch below, finds
            // another process in the state, and restarts nothing.
            List<ProcessHandle> handles = handles(process);
            terminate(handles);
            if (handles.stream().anyMatch(ProcessHandle::isAlive)) {
                LOG.warn("Pod {}: process {} did not stop, so its volumes were not wiped", state.key, process.pid());
                return false;
            }
        }
        boolean wiped;
        try {
            List<String> emptied = volumeUse.empty(state.pod, state.root);
            LOG.info("Pod {}: volumes at {} wiped for the storage fault", state.key, emptied);
            wiped = true;
        } catch (IOException e) {
            LOG.warn("Pod {}: could not wipe its volumes, left as they were: {}", state.key, e.getMessage());
            wiped = false;
        }
        if (runs) {
            relaunch(state, wiped ? "restarted on emptied volumes" : "restarted after a failed volume wipe");
        }
        return wiped;
    }

    /** Stops the pod's process (SIGTERM, then a kill after ~5 s) and forgets it; StatefulSet data stays. */
    public void stop(String namespace, String name) {
        PodState state = pods.remove(key(namespace, name));
        if (state == null) {
            return;
        }
        shutDown(List.of(state));
    }

    /** Stops every process and waits for them; safe to call more than once. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<PodState> all;
        synchronized (pods) {
            all = new ArrayList<>(pods.values());
            pods.clear();
        }
        shutDown(all);
        informers.forEach(SharedIndexInformer::close);
        sd.close();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to; nothing left for it to do
            }
        }
    }

    // ---- starting ---------------------------------------------------------------------------------------------

    private void prepare(PodState state) throws IOException {
        if (state.persistent) {
            emptyWhenTheClaimsAreNew(state);
        }
        Files.createDirectories(state.root);
        Files.createDirectories(state.runDir);
        projector.project(state.pod, state.root, true, state.written);
        if (state.kind == StandIn.PROMETHEUS) {
            translateConfig(state);
        }
    }

    /**
     * A StatefulSet pod's files stand in for its persistent volumes and outlive the pod. A claim deleted and created
     * again (a destroy, then a deploy) is a new, empty volume on a real cluster: when the UIDs of the pod's claims
     * differ from those its files were written on, the files go first.
     */
    private void emptyWhenTheClaimsAreNew(PodState state) throws IOException {
        String ns = state.pod.getMetadata().getNamespace();
        List<String> uids = new ArrayList<>();
        List<Volume> volumes = state.pod.getSpec() == null || state.pod.getSpec().getVolumes() == null ? List.of()
                : state.pod.getSpec().getVolumes();
        for (Volume v : volumes) {
            if (v.getPersistentVolumeClaim() == null) {
                continue;
            }
            PersistentVolumeClaim claim;
            try {
                claim = admin.persistentVolumeClaims().inNamespace(ns).withName(v.getPersistentVolumeClaim()
                        .getClaimName()).get();
            } catch (RuntimeException e) {
                return; // unknown: keep the files
            }
            if (claim == null || claim.getMetadata().getUid() == null) {
                return;
            }
            uids.add(claim.getMetadata().getUid());
        }
        if (uids.isEmpty()) {
            return;
        }
        Path marker = state.root.resolveSibling("." + state.root.getFileName() + ".claims");
        String now = String.join(",", uids);
        String before = Files.exists(marker) ? Files.readString(marker) : null;
        if (before != null && !before.equals(now)) {
            LOG.info("Pod {}: its claims are new, so its volumes start empty", state.key);
            Directories.deleteQuietly(state.root);
        }
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, now);
    }

    private void launch(PodState state) {
        if (state.stopping || closed) {
            return;
        }
        List<String> command = new ArrayList<>();
        setpriv.ifPresent(p -> {
            // If the JVM dies without running its shutdown hooks, the kernel stops the process for us.
            command.addAll(List.of(p.toString(), "--pdeathsig", "TERM", "--"));
        });
        command.add(state.binary.toString());
        command.addAll(state.kind == StandIn.PROMETHEUS ? prometheusArgs(state) : alertmanagerArgs(state));
        if (state.behaviour == SandboxImages.Behaviour.CRASH_LOOP) {
            command.add(CRASH_LOOP_ARG); // refused by the program: it exits with status 1 at every start
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(state.root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(state.logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // The container's plain and downward-API variables (POD_NAME for Prometheus' replica label, …).
            builder.environment().putAll(state.env);
            Process process = builder.start();
            startedPids.add(process.pid());
            synchronized (state) {
                if (state.stopping) {
                    // stop() or close() ran while the process was being started: it saw no process to stop
                    process.destroyForcibly();
                    try {
                        process.waitFor(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                state.process = process;
                state.startedAt = System.nanoTime();
            }
            LOG.info("Pod {}: started {} as PID {} (web 127.0.0.1:{})", state.key, state.binary.getFileName(),
                    process.pid(), state.webPort);
            LOG.debug("Pod {} command: {}", state.key, command);
            process.onExit().thenRun(() -> {
                if (!scheduler.isShutdown()) {
                    scheduler.execute(() -> exited(state, process));
                }
            });
        } catch (IOException e) {
            LOG.warn("Pod {}: could not start {}: {}", state.key, state.binary, e.getMessage());
            setStatus(state, new RuntimeStatus(false, false, state.restarts, "could not start: " + e.getMessage()));
            scheduleRestart(state, "could not start: " + e.getMessage());
        }
    }

    private void exited(PodState state, Process process) {
        if (state.stopping || state.process != process) {
            return;
        }
        int code = process.exitValue();
        String reason = "exited with status " + code;
        LOG.warn("Pod {}: {} (PID {}); restarting", state.key, reason, process.pid());
        setStatus(state, new RuntimeStatus(false, false, state.restarts, reason));
        scheduleRestart(state, reason);
    }

    private void scheduleRestart(PodState state, String reason) {
        long ranMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - state.startedAt);
        if (ranMillis > BACKOFF_RESET_MILLIS) {
            state.backoffStep = 0;
        }
        long delay = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(state.backoffStep, 20));
        state.backoffStep++;
        scheduler.schedule(() -> {
            if (state.stopping || closed) {
                return;
            }
            relaunch(state, reason);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Starts the pod's process again, counted as a container restart. On the scheduler thread. */
    private void relaunch(PodState state, String reason) {
        state.restarts++;
        setStatus(state, new RuntimeStatus(true, false, state.restarts, reason));
        PodLogs.rotate(state.logFile);
        launch(state);
    }

    // ---- arguments --------------------------------------------------------------------------------------------

    private List<String> prometheusArgs(PodState state) {
        List<String> args = new ArrayList<>();
        FlagSet known = flags(state.binary);
        for (Arg arg : state.args) {
            switch (arg.name()) {
                case "config.file", "web.listen-address", "web.external-url" -> { }
                default -> addKnown(args, known, arg, state);
            }
        }
        args.add("--config.file=" + state.translatedConfig);
        args.add("--web.listen-address=127.0.0.1:" + state.webPort);
        args.add("--web.external-url=http://127.0.0.1:" + state.webPort + state.externalPath);
        if (state.args.stream().noneMatch(a -> a.name().equals("storage.tsdb.path"))) {
            args.add("--storage.tsdb.path=" + VolumeProjector.inside(state.root, "/prometheus"));
        }
        return args;
    }

    private List<String> alertmanagerArgs(PodState state) {
        List<String> args = new ArrayList<>();
        FlagSet known = flags(state.binary);
        for (Arg arg : state.args) {
            switch (arg.name()) {
                case "web.listen-address", "web.external-url", "cluster.listen-address", "cluster.peer",
                        "cluster.advertise-address" -> { }
                default -> addKnown(args, known, arg, state);
            }
        }
        if (state.args.stream().noneMatch(a -> a.name().equals("config.file"))) {
            args.add("--config.file=" + VolumeProjector.inside(state.root, "/etc/alertmanager/alertmanager.yml"));
        }
        if (state.args.stream().noneMatch(a -> a.name().equals("storage.path"))) {
            args.add("--storage.path=" + VolumeProjector.inside(state.root, "/alertmanager"));
        }
        args.add("--web.listen-address=127.0.0.1:" + state.webPort);
        args.add("--web.external-url=http://127.0.0.1:" + state.webPort + state.externalPath);
        if (state.gossipPort > 0) {
            args.add("--cluster.listen-address=127.0.0.1:" + state.gossipPort);
            args.add("--cluster.advertise-address=127.0.0.1:" + state.gossipPort);
            // Headless-service DNS names do not resolve here: peer with the running replicas of the same owner.
            for (PodState peer : pods.values()) {
                Process p = peer.process;
                if (peer != state && peer.kind == StandIn.ALERTMANAGER && peer.owner.equals(state.owner)
                        && peer.gossipPort > 0 && p != null && p.isAlive() && !peer.stopping) {
                    args.add("--cluster.peer=127.0.0.1:" + peer.gossipPort);
                }
            }
        } else {
            args.add("--cluster.listen-address=");
        }
        return args;
    }

    /** Keeps an argument the local binary understands, with pod paths mapped into the pod's directory. */
    private void addKnown(List<String> args, FlagSet known, Arg arg, PodState state) {
        String bare = arg.name().startsWith("no-") ? arg.name().substring(3) : arg.name();
        if (!known.names().contains(arg.name()) && !known.names().contains(bare)) {
            LOG.info("Pod {}: dropping --{}, which the local {} does not know", state.key, arg.name(),
                    state.binary.getFileName());
            return;
        }
        if (arg.value() == null) {
            args.add("--" + arg.name());
        // Values starting with "/" are pod paths, except the route prefix, which is a URL path.
        } else if (arg.value().startsWith("/") && !arg.name().equals("web.route-prefix")) {
            args.add("--" + arg.name() + "=" + VolumeProjector.inside(state.root, arg.value()));
        } else {
            args.add("--" + arg.name() + "=" + arg.value());
        }
    }

    /** One {@code --name[=value]} argument of the container, with {@code $(VAR)} references expanded. */
    record Arg(String name, String value) {
    }

    /** The flags a binary accepts, read once from its {@code --help-long}. */
    record FlagSet(Set<String> names, Set<String> withValue) {
    }

    private FlagSet flags(Path binary) {
        return flagSets.computeIfAbsent(binary, b -> {
            Set<String> names = new java.util.HashSet<>();
            Set<String> withValue = new java.util.HashSet<>();
            try {
                Process p = new ProcessBuilder(b.toString(), "--help-long").redirectErrorStream(true).start();
                startedPids.add(p.pid());
                String help;
                try (InputStream in = p.getInputStream()) {
                    help = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                p.waitFor(5, TimeUnit.SECONDS);
                Matcher m = Pattern.compile("(?m)^\\s+(?:-\\w, )?--(?:\\[no-\\])?([A-Za-z0-9._-]+)(=)?").matcher(help);
                while (m.find()) {
                    names.add(m.group(1));
                    if (m.group(2) != null) {
                        withValue.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                LOG.warn("Could not read the flags of {}: {}", b, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FlagSet(Set.copyOf(names), Set.copyOf(withValue));
        });
    }

    private static List<Arg> parseArgs(Container c, Pod pod, FlagSet known) {
        List<String> raw = new ArrayList<>();
        if (c.getCommand() != null && !c.getCommand().isEmpty()) {
            List<String> command = c.getCommand();
            raw.addAll(command.get(0).startsWith("-") ? command : command.subList(1, command.size()));
        }
        if (c.getArgs() != null) {
            raw.addAll(c.getArgs());
        }
        Map<String, String> env = env(c, pod);
        List<Arg> args = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String token = expand(raw.get(i), env);
            if (!token.startsWith("--")) {
                continue; // a positional word: the local binaries take none
            }
            int eq = token.indexOf('=');
            if (eq > 0) {
                args.add(new Arg(token.substring(2, eq), token.substring(eq + 1)));
            } else if (known.withValue().contains(token.substring(2)) && i + 1 < raw.size()) {
                args.add(new Arg(token.substring(2), expand(raw.get(++i), env)));
            } else {
                args.add(new Arg(token.substring(2), null));
            }
        }
        return args;
    }

    private static Map<String, String> env(Container c, Pod pod) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), expand(e.getValue(), env));
            } else if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
                String value = switch (e.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.name" -> pod.getMetadata().getName();
                    case "metadata.namespace" -> pod.getMetadata().getNamespace();
                    case "status.podIP" -> pod.getStatus() == null ? null : pod.getStatus().getPodIP();
                    case "spec.nodeName" -> pod.getSpec().getNodeName();
                    default -> null;
                };
                if (value != null) {
                    env.put(e.getName(), value);
                }
            }
        }
        return env;
    }

    private static String expand(String value, Map<String, String> env) {
        Matcher m = VAR_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- volumes and configuration -------------------------------------------------------------------------

    private ResourceEventHandler<HasMetadata> sourceHandler(String kind) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata obj) {
                changed(kind, obj);
            }

            @Override
            public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                changed(kind, newObj);
            }

            @Override
            public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                changed(kind, obj);
            }
        };
    }

    private void changed(String kind, HasMetadata obj) {
        VolumeProjector.Source source = new VolumeProjector.Source(kind, obj.getMetadata().getNamespace(),
                obj.getMetadata().getName());
        for (PodState state : pods.values()) {
            if (state.sources.contains(source)) {
                // Like a kubelet's periodic sync: the change reaches the files only after the delay.
                try {
                    scheduler.schedule(() -> reproject(state), propagationDelay.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    return;
                }
            }
        }
    }

    private void reproject(PodState state) {
        if (state.stopping || closed) {
            return;
        }
        Path mountedConfig = state.kind == StandIn.PROMETHEUS
                ? VolumeProjector.inside(state.root, state.configPodPath) : null;
        try {
            // The translated copy is written before the mounted file changes, so that a reload sent by someone
            // who saw the new file always loads the new configuration.
            Set<Path> changed = projector.project(state.pod, state.root, false, state.written, (file, content) -> {
                if (file.equals(mountedConfig)) {
                    translateConfig(state, new String(content, StandardCharsets.UTF_8));
                }
            });
            if (!changed.isEmpty()) {
                LOG.debug("Pod {}: updated mounted files {}", state.key, changed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Pod {}: could not update mounted files: {}", state.key, e.getMessage());
        }
    }

    /** Rewrites the private copy Prometheus loads from the mounted file's text. */
    private void translateConfig(PodState state) throws IOException {
        Path mounted = VolumeProjector.inside(state.root, state.configPodPath);
        if (Files.isRegularFile(mounted)) {
            translateConfig(state, Files.readString(mounted, StandardCharsets.UTF_8));
        }
    }

    /** Rewrites the private copy Prometheus loads; the mounted file stays as the ConfigMap says. */
    private void translateConfig(PodState state, String text) throws IOException {
        String parent = state.configPodPath.contains("/")
                ? state.configPodPath.substring(0, state.configPodPath.lastIndexOf('/') + 1) : "/";
        String translated = translator.translate(text, state.root, parent, state.ports);
        VolumeProjector.write(state.translatedConfig, translated.getBytes(StandardCharsets.UTF_8));
    }

    // ---- readiness --------------------------------------------------------------------------------------------

    private void probeAll() {
        for (PodState state : pods.values()) {
            Process process = state.process;
            if (state.unavailable != null || state.stopping || process == null || !process.isAlive()
                    || state.probing) {
                continue;
            }
            state.probing = true;
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + state.webPort
                    + state.routePrefix + "/-/ready")).timeout(Duration.ofSeconds(1)).GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                String failure = error != null ? "readiness probe failed: " + rootMessage(error)
                        : response.statusCode() != 200 ? "readiness probe failed: HTTP " + response.statusCode()
                        : state.behaviour == SandboxImages.Behaviour.NEVER_READY ? NEVER_READY_FAILURE : null;
                try {
                    scheduler.execute(() -> {
                        state.probing = false;
                        probed(state, process, failure);
                    });
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    state.probing = false;
                }
            });
        }
    }

    private void probed(PodState state, Process process, String failure) {
        if (state.stopping || state.process != process || !process.isAlive()) {
            return;
        }
        RuntimeStatus old = state.status;
        if (failure == null) {
            setStatus(state, new RuntimeStatus(true, true, state.restarts, null));
        } else if (old.ready() || old.reason() == null || old.reason().startsWith("readiness probe failed")
                || NEVER_READY_FAILURE.equals(failure)) {
            setStatus(state, new RuntimeStatus(true, false, state.restarts, failure));
        }
        // otherwise keep "starting" or "exited with status N" until the first successful probe
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void setStatus(PodState state, RuntimeStatus status) {
        synchronized (state) {
            if (Objects.equals(state.status, status)) {
                return;
            }
            state.status = status;
        }
        for (BiConsumer<String, RuntimeStatus> listener : listeners) {
            try {
                listener.accept(state.key, status);
            } catch (RuntimeException e) {
                LOG.warn("A pod status listener failed: {}", e.toString());
            }
        }
    }

    // ---- stopping ---------------------------------------------------------------------------------------------

    /**
     * Stops the pods' processes. Gossiping Alertmanagers go one after the other: one that leaves while its peers
     * leave too waits 10 s for a leave broadcast nobody acknowledges; alone it leaves in milliseconds.
     */
    private void shutDown(List<PodState> states) {
        List<ProcessHandle> others = new ArrayList<>();
        List<List<ProcessHandle>> gossiping = new ArrayList<>();
        for (PodState state : states) {
            Process process;
            synchronized (state) {
                state.stopping = true;
                process = state.process;
            }
            if (process != null) {
                List<ProcessHandle> handles = handles(process);
                if (state.kind == StandIn.ALERTMANAGER && state.gossipPort > 0) {
                    gossiping.add(handles);
                } else {
                    others.addAll(handles);
                }
            }
        }
        terminate(others);
        gossiping.forEach(SandboxKubelet::terminate);
        for (PodState state : states) {
            LOG.info("Pod {} stopped", state.key);
            setStatus(state, new RuntimeStatus(false, false, state.restarts, "stopped"));
            Directories.deleteQuietly(state.runDir);
            if (!state.persistent) {
                Directories.deleteQuietly(state.root);
            }
        }
    }

    /** The process and its children, the children first. */
    private static List<ProcessHandle> handles(Process process) {
        List<ProcessHandle> handles = new ArrayList<>(process.descendants().toList());
        handles.add(process.toHandle());
        return handles;
    }

    /** SIGTERM to all, one shared grace period, then SIGKILL to whatever (and whichever child) is left. */
    private static void terminate(List<ProcessHandle> handles) {
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : handles) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // killed below
            }
        }
        for (ProcessHandle handle : handles) {
            if (handle.isAlive()) {
                LOG.warn("PID {} did not stop within {} s; killing it", handle.pid(), STOP_GRACE.toSeconds());
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : handles) {
            try {
                handle.onExit().get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("PID {} is still alive after SIGKILL", handle.pid());
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void onScheduler(Runnable task) {
        if (Thread.currentThread() == schedulerThread) {
            task.run();
            return;
        }
        // Processes are started from the long-lived scheduler thread: the parent-death signal follows that thread.
        Future<?> future;
        try {
            future = scheduler.submit(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("The sandbox kubelet is closed", e);
        }
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    static StandIn standIn(String image) {
        String i = image == null ? "" : image;
        if (i.contains("prometheus/prometheus") || i.contains("prom/prometheus")) {
            return StandIn.PROMETHEUS;
        }
        if (i.contains("alertmanager")) {
            return StandIn.ALERTMANAGER;
        }
        return StandIn.NONE;
    }

    /**
     * A free loopback port for a server process, kept across its restarts. It is taken below the kernel's ephemeral
     * range where there is room: outgoing connections (the servers' own scrapes and gossip) draw their local ports
     * from that range, and one that took a pod's port while the pod restarted would leave it failing on "address
     * already in use" for good.
     */
    private static int freePort() {
        int low = EPHEMERAL_LOW;
        if (low > FIRST_LISTEN_PORT + 1000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = FIRST_LISTEN_PORT + ThreadLocalRandom.current()
                        .nextInt(low - FIRST_LISTEN_PORT);
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return socket.getLocalPort();
                } catch (IOException taken) {
                    // taken by a listener: try another
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }

    private static int ephemeralLow() {
        try {
            // readAllLines, not readString: a /proc file reports size 0, and readString then returns a bare prefix.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).strip();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static int portOf(String address, int fallback) {
        if (address == null) {
            return fallback;
        }
        int colon = address.lastIndexOf(':');
        try {
            return Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String pathOf(String url) {
        if (url == null || url.isEmpty()) {
            return "/";
        }
        try {
            String path = URI.create(url).getPath();
            return path == null || path.isEmpty() ? "/" : path.endsWith("/") ? path : path + "/";
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    /** Everything the kubelet knows about one running pod. */
    private final class PodState {
        final Pod pod;
        final String key;
        final StandIn kind;
        final Path root;
        final Path runDir;
        final Path logFile;
        final String unavailable;
        final Path binary;
        final Map<Integer, Integer> ports = new LinkedHashMap<>();
        final Set<VolumeProjector.Source> sources;
        final Map<Path, Set<Path>> written = new HashMap<>();
        final boolean persistent;
        final String owner;
        final SandboxImages.Behaviour behaviour;
        List<Arg> args = List.of();
        Map<String, String> env = Map.of();
        int webPort;
        int gossipPort;
        String configPodPath = "/etc/prometheus/prometheus.yml";
        Path translatedConfig;
        String externalPath = "/";
        String routePrefix = "";
        volatile Process process;
        /** The process held by the hung-pod fault, or -1. */
        volatile long hungPid = -1;
        volatile boolean stopping;
        volatile boolean probing;
        volatile RuntimeStatus status = new RuntimeStatus(false, false, 0, "starting");
        volatile int restarts;
        int backoffStep;
        long startedAt = System.nanoTime();

        PodState(Pod pod) {
            this.pod = pod;
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            this.key = key(ns, name);
            this.root = workDir.resolve("pods").resolve(ns).resolve(name);
            this.runDir = workDir.resolve("run").resolve(ns).resolve(name);
            this.sources = VolumeProjector.sources(pod);
            this.persistent = statefulSetPod(pod);
            this.owner = ownerOf(pod);
            List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null
                    ? List.of() : pod.getSpec().getContainers();
            Container main = containers.stream().filter(c -> standIn(c.getImage()) != StandIn.NONE).findFirst()
                    .orElse(containers.isEmpty() ? null : containers.get(0));
            StandIn wanted = main == null ? StandIn.NONE : standIn(main.getImage());
            this.behaviour = SandboxImages.of(main == null ? null : main.getImage());
            Optional<Path> program = switch (wanted) {
                case PROMETHEUS -> binaries.prometheus();
                case ALERTMANAGER -> binaries.alertmanager();
                case NONE -> Optional.empty();
            };
            this.logFile = runDir.resolve((main == null ? "pod" : main.getName()) + ".log");
            if (wanted == StandIn.NONE) {
                String image = main == null ? "(no container)" : main.getImage();
                this.unavailable = image != null && image.contains("grafana")
                        ? "Grafana is not available in the sandbox (it has no Debian package), so this pod has no "
                                + "process behind it."
                        : "The image " + image + " is not available in the sandbox (only Prometheus and "
                                + "Alertmanager have local stand-ins), so this pod has no process behind it.";
            } else if (program.isEmpty()) {
                String missing = wanted == StandIn.PROMETHEUS ? "prometheus" : "prometheus-alertmanager";
                this.unavailable = "API only: " + missing + " was not found on PATH, so this pod has no process "
                        + "behind it.";
            } else {
                this.unavailable = null;
            }
            this.kind = unavailable == null ? wanted : StandIn.NONE;
            this.binary = program.orElse(null);
            if (kind == StandIn.NONE) {
                return;
            }
            this.args = parseArgs(main, pod, flags(binary));
            this.env = env(main, pod);
            Map<String, String> byName = new HashMap<>();
            args.forEach(a -> byName.put(a.name(), a.value()));
            externalPath = pathOf(byName.get("web.external-url"));
            String prefix = byName.getOrDefault("web.route-prefix", externalPath);
            routePrefix = prefix == null ? "" : prefix.replaceAll("/+$", "");
            webPort = freePort();
            if (kind == StandIn.PROMETHEUS) {
                ports.put(portOf(byName.get("web.listen-address"), 9090), webPort);
                configPodPath = byName.getOrDefault("config.file", configPodPath);
                if (!configPodPath.startsWith("/")) {
                    configPodPath = "/prometheus/" + configPodPath; // the image's working directory
                }
                String file = configPodPath.substring(configPodPath.lastIndexOf('/') + 1);
                translatedConfig = runDir.resolve(file.isEmpty() ? "prometheus.yml" : file);
            } else {
                ports.put(portOf(byName.get("web.listen-address"), 9093), webPort);
                String cluster = byName.containsKey("cluster.listen-address")
                        ? byName.get("cluster.listen-address") : "0.0.0.0:9094";
                if (cluster != null && !cluster.isEmpty()) {
                    gossipPort = freePort();
                    ports.put(portOf(cluster, 9094), gossipPort);
                }
            }
        }

        PodRuntime runtime() {
            return new PodRuntime(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), root, ports,
                    logFile, unavailable, () -> volumeUse.volumes(pod, root));
        }
    }

    /** Whether the pod's data must survive it, like a StatefulSet's persistent volume claims. */
    private static boolean statefulSetPod(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        if (owners != null && owners.stream().anyMatch(o -> "StatefulSet".equals(o.getKind()))) {
            return true;
        }
        Set<String> declared = new java.util.HashSet<>();
        List<Volume> volumes = pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of()
                : pod.getSpec().getVolumes();
        for (Volume v : volumes) {
            declared.add(v.getName());
            if (v.getPersistentVolumeClaim() != null) {
                return true;
            }
        }
        // a mount of a volume the pod does not declare comes from a claim template
        for (Container c : pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.<Container>of()
                : pod.getSpec().getContainers()) {
            for (VolumeMount m : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
                if (!declared.contains(m.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String ownerOf(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        if (owners != null) {
            for (OwnerReference o : owners) {
                if (Boolean.TRUE.equals(o.getController()) || owners.size() == 1) {
                    return pod.getMetadata().getNamespace() + "/" + o.getKind() + "/" + o.getName();
                }
            }
        }
        Matcher m = ORDINAL.matcher(pod.getMetadata().getName());
        return pod.getMetadata().getNamespace() + "/" + (m.matches() ? m.group(1) : pod.getMetadata().getName());
    }
}
