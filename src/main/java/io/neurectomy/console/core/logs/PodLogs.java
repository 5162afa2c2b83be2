package io.neurectomy.console.core.logs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.util.CredentialMask;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod logs over the session's fabric8 client: one daemon thread per open stream reads the kubelet's log
 * ({@code pods/log}), masks credential-shaped values unless asked to reveal them, states each line's level and
 * delivers lines in batches (a burst as one call, at least every {@value #FLUSH_MILLIS} ms while lines arrive).
 *
 * <p><b>Following</b> survives what on-call engineers see happen to a pod: when the followed stream ends while the
 * subscription is open, the stream says {@link LogStreamState#RECONNECTING} and polls the pod about once a second
 * until its container runs again; a new pod (new uid, e.g. a StatefulSet pod that was deleted and created again) or
 * a new container instance (higher restart count) is announced with a marker line and its log is followed from its
 * first line. When the stream merely dropped while the same instance still runs, the console asks for the latest
 * {@value #OVERLAP_TAIL} lines again and continues after the last line it had shown (found by comparing the last
 * lines); when it cannot find them it says so in a marker, since lines may then be missing or repeated. A pod
 * without a StatefulSet owner that is deleted never comes back under its name: the stream FAILS saying so.
 *
 * <p><b>Connection loss</b>: while following, the console keeps trying (RECONNECTING, once a second) for up to
 * {@value #GIVE_UP_SECONDS} s of consecutive failures to reach the API server, then FAILS with the reason; without
 * follow a lost connection fails at once. While the API server answers that the container cannot be read yet (e.g.
 * it waits in CrashLoopBackOff) a followed stream keeps waiting, saying why. Access denied (401, 403), a missing pod,
 * a container the pod does not have, and a previous log of a container that never restarted fail at once.
 *
 * <p>Log lines are never written to the console's own log.
 */
public final class PodLogs implements LogSource {
    private static final Logger LOG = LoggerFactory.getLogger(PodLogs.class);
    static final long FLUSH_MILLIS = 100;
    static final int MAX_BATCH = 2000;
    static final int OVERLAP_TAIL = 1000;
    private static final int OVERLAP_MATCH = 3;
    static final long POLL_MILLIS = 1000;
    static final long GIVE_UP_SECONDS = 120;

    private final KubernetesClient client;
    private final String namespace;

    public PodLogs(KubernetesClient client, String namespace) {
        this.client = Objects.requireNonNull(client);
        this.namespace = Objects.requireNonNull(namespace);
    }

    /** The pod logs of the session's namespace. */
    public static PodLogs of(ClusterSession session) {
        return new PodLogs(session.client(), session.namespace());
    }

    @Override
    public List<String> containers(String pod) {
        Pod p = client.pods().inNamespace(namespace).withName(pod).get();
        if (p == null || p.getSpec() == null || p.getSpec().getContainers() == null) {
            return List.of();
        }
        return p.getSpec().getContainers().stream().map(Container::getName).toList();
    }

    @Override
    public LogSubscription open(LogRequest request, LogListener listener) {
        Stream stream = new Stream(request, listener);
        Thread thread = new Thread(stream, "pod-log-" + request.pod());
        thread.setDaemon(true);
        stream.thread = thread;
        thread.start();
        return stream;
    }

    /** What identifies one run of the followed container. */
    private record Instance(String uid, int restarts, boolean running, boolean statefulSet) {
        static Instance of(Pod pod, String container) {
            Optional<ContainerStatus> status = status(pod, container);
            int restarts = status.map(ContainerStatus::getRestartCount).orElse(0);
            boolean running = status.map(s -> s.getState() != null && s.getState().getRunning() != null)
                    .orElse(false);
            List<OwnerReference> owners = Optional.ofNullable(pod.getMetadata().getOwnerReferences())
                    .orElse(List.of());
            return new Instance(pod.getMetadata().getUid(), restarts, running,
                    owners.stream().anyMatch(o -> "StatefulSet".equals(o.getKind())));
        }
    }

    private static Optional<ContainerStatus> status(Pod pod, String container) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().filter(s -> container.equals(s.getName()))
                .findFirst();
    }

    /** Thrown inside the stream thread with the sentence to fail with. */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final class Stream implements LogSubscription, Runnable {
        private final LogRequest request;
        private final LogListener listener;
        private final Object lock = new Object();
        private final CountDownLatch closing = new CountDownLatch(1);
        private final Deque<String> recent = new ArrayDeque<>();
        private final List<LogLine> batch = new ArrayList<>();
        private volatile boolean closed;
        private volatile LogWatch watch;
        private volatile InputStream input;
        volatile Thread thread;
        private long seq;
        private long batchStarted;
        private String container;
        /** The instance being followed. */
        private Instance current;

        Stream(LogRequest request, LogListener listener) {
            this.request = request;
            this.listener = listener;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            synchronized (lock) {
                closed = true;
            }
            closing.countDown();
            LogWatch w = watch;
            if (w != null) {
                try {
                    w.close();
                } catch (RuntimeException e) {
                    LOG.debug("Closing the log watch of {}: {}", request.pod(), e.toString());
                }
            }
            closeQuietly(input);
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
        }

        @Override
        public void run() {
            try {
                state(LogStreamState.CONNECTING, null);
                Pod pod = getPod();
                if (pod == null) {
                    throw new Failure(notFound());
                }
                container = container(pod);
                if (request.previous()) {
                    previous(pod);
                } else if (!request.follow()) {
                    state(LogStreamState.STREAMING, null);
                    read(log(request.tailLines()).getLogInputStream(), false);
                    flush();
                    state(LogStreamState.ENDED, null);
                } else {
                    follow(pod);
                }
            } catch (Failure f) {
                flush();
                state(LogStreamState.FAILED, f.getMessage());
            } catch (KubernetesClientException e) {
                flush();
                state(LogStreamState.FAILED, describe(e));
            } catch (IOException | RuntimeException e) {
                flush();
                if (!closed) {
                    state(LogStreamState.FAILED, lost(e));
                }
            } finally {
                LOG.debug("Log stream of {}/{} stopped", namespace, request.pod());
            }
        }

        private String container(Pod pod) throws Failure {
            List<String> names = Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream()
                    .map(Container::getName).toList();
            if (request.container() == null) {
                if (names.isEmpty()) {
                    throw new Failure("Pod " + request.pod() + " has no containers, so it has no log.");
                }
                return names.get(0);
            }
            if (!names.contains(request.container())) {
                throw new Failure("Pod " + request.pod() + " has no container " + request.container()
                        + "; its containers are: " + String.join(", ", names) + ".");
            }
            return request.container();
        }

        private void previous(Pod pod) throws Failure, IOException {
            Optional<ContainerStatus> status = status(pod, container);
            boolean terminatedBefore = status.map(s -> s.getLastState() != null
                    && s.getLastState().getTerminated() != null).orElse(false)
                    || status.map(ContainerStatus::getRestartCount).orElse(0) > 0;
            if (!terminatedBefore) {
                throw new Failure(neverRestarted());
            }
            state(LogStreamState.STREAMING, null);
            read(containerResource().terminated().tailingLines(request.tailLines()).getLogInputStream(), false);
            flush();
            state(LogStreamState.ENDED, null);
        }

        private void follow(Pod pod) throws Failure, IOException {
            current = Instance.of(pod, container);
            int tail = request.tailLines();
            boolean overlap = false;
            long failingSince = 0;
            while (!closed) {
                long before = seq;
                Throwable error = null;
                try {
                    // fabric8's log watch does not report the API server's refusal (it would stream its Status as
                    // if it were log text), so ask once without following first: that request says why.
                    KubernetesClientException refused = probe();
                    if (refused != null) {
                        throw refused;
                    }
                    LogWatch w = log(tail).watchLog();
                    watch = w;
                    if (closed) {
                        w.close();
                        return;
                    }
                    state(LogStreamState.STREAMING, null);
                    read(w.getOutput(), overlap);
                    flush();
                    w.close();
                    error = closeReason(w);
                } catch (KubernetesClientException e) {
                    error = e;
                } catch (IOException e) {
                    error = e;
                } finally {
                    watch = null;
                }
                if (closed) {
                    return;
                }
                if (error instanceof KubernetesClientException k && (k.getCode() == 403 || k.getCode() == 401)) {
                    throw new Failure(describe(k));
                }
                boolean delivered = seq > before;
                if (error != null && !delivered) {
                    // Nothing came: the container may not run yet (the API server answers, e.g. 400 while it
                    // waits in CrashLoopBackOff: wait as long as it takes), or the connection is gone (give up
                    // after a while). Same attempt.
                    boolean answered = error instanceof KubernetesClientException k && k.getCode() >= 400;
                    if (answered) {
                        failingSince = 0;
                    } else if (failingSince == 0) {
                        failingSince = System.nanoTime();
                    } else if (System.nanoTime() - failingSince > TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS)) {
                        throw new Failure(lost(error));
                    }
                    state(LogStreamState.RECONNECTING, "Reading " + request.pod() + "'s log failed ("
                            + reason(error) + "); trying again");
                    Pod now = getPodOrNull();
                    if (now == null && isMissing()
                            || now != null && !Objects.equals(now.getMetadata().getUid(), current.uid())) {
                        current = awaitReturn(current);
                        tail = -1;
                        overlap = false;
                        continue;
                    }
                    pause();
                    continue;
                }
                failingSince = 0;
                // Say so at once: looking at the pod may take a while when the API server is gone.
                state(LogStreamState.RECONNECTING, "The log stream of " + request.pod() + " ended; checking whether"
                        + " its container still runs");
                Pod now = getPodOrNull();
                if (now != null && Objects.equals(now.getMetadata().getUid(), current.uid())
                        && Instance.of(now, container).restarts() == current.restarts()
                        && Instance.of(now, container).running()) {
                    // The stream dropped while the same container still runs: continue after the last line shown.
                    state(LogStreamState.RECONNECTING, "The log stream of " + request.pod() + " dropped; "
                            + "reconnecting");
                    tail = OVERLAP_TAIL;
                    overlap = true;
                    pause();
                    continue;
                }
                current = awaitReturn(current);
                tail = -1;
                overlap = false;
            }
        }

        /** Waits until the pod's container runs again as a new instance; adds the marker saying which. */
        private Instance awaitReturn(Instance before) throws Failure {
            state(LogStreamState.RECONNECTING, request.pod() + "'s container stopped; waiting for it to run again");
            long failingSince = 0;
            while (!closed) {
                Pod pod;
                try {
                    pod = getPod();
                    failingSince = 0;
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 403 || e.getCode() == 401) {
                        throw new Failure(describe(e));
                    }
                    if (failingSince == 0) {
                        failingSince = System.nanoTime();
                        state(LogStreamState.RECONNECTING, "Cannot reach the API server to check " + request.pod()
                                + " (" + reason(e) + "); trying again for " + GIVE_UP_SECONDS / 60 + " minutes");
                    } else if (System.nanoTime() - failingSince > TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS)) {
                        throw new Failure(lost(e));
                    }
                    pause();
                    continue;
                }
                if (pod == null && !before.statefulSet()) {
                    throw new Failure(request.pod() + " was deleted. It is not part of a StatefulSet, so it does not "
                            + "come back under this name: its replacement (if any) has another name; open that "
                            + "pod's log instead.");
                }
                if (pod != null && pod.getMetadata().getDeletionTimestamp() == null) {
                    Instance now = Instance.of(pod, container);
                    boolean replaced = !Objects.equals(now.uid(), before.uid());
                    if (now.running() && (replaced || now.restarts() > before.restarts())) {
                        recent.clear();
                        marker(replaced ? "— " + request.pod() + " was replaced (new pod); following the new one —"
                                : restarted(now));
                        return now;
                    }
                    if (now.running() && !replaced && now.restarts() == before.restarts() && before.running()) {
                        // It never stopped after all (the stream ended for another reason): a new instance log
                        // would repeat it, so say so and follow on.
                        marker("— the log stream of " + request.pod() + " ended; following it again (lines may be "
                                + "repeated) —");
                        return now;
                    }
                }
                pause();
            }
            return before;
        }

        private boolean isMissing() {
            try {
                return getPod() == null;
            } catch (KubernetesClientException e) {
                return false;
            }
        }

        private void pause() {
            try {
                closing.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }

        private ContainerResource containerResource() {
            return client.pods().inNamespace(namespace).withName(request.pod()).inContainer(container)
                    .withReadyWaitTimeout(0);
        }

        /** The log of the running container: its last {@code tail} lines, or all of it when negative. */
        private io.fabric8.kubernetes.client.dsl.Loggable log(int tail) {
            ContainerResource c = containerResource();
            return tail < 0 ? c : c.tailingLines(tail);
        }

        /** The API server's refusal to show the log now, or null when it would show it. */
        private KubernetesClientException probe() {
            try {
                log(1).getLog();
                return null;
            } catch (KubernetesClientException e) {
                return e;
            }
        }

        private Pod getPod() {
            return client.pods().inNamespace(namespace).withName(request.pod()).get();
        }

        private Pod getPodOrNull() {
            try {
                return getPod();
            } catch (KubernetesClientException e) {
                return null;
            }
        }

        /**
         * Reads lines until the stream ends. With {@code overlap}, the first burst (the tail asked for again) is
         * searched for the last lines already shown and only what follows them is delivered.
         */
        private void read(InputStream in, boolean overlap) throws IOException {
            input = in;
            if (closed) {
                closeQuietly(in);
                return;
            }
            List<String> skipped = overlap ? new ArrayList<>() : null;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while (!closed && (line = reader.readLine()) != null) {
                    if (skipped != null) {
                        skipped.add(line);
                        if (skipped.size() >= OVERLAP_TAIL || !reader.ready()) {
                            resume(skipped);
                            skipped = null;
                            flush();
                        }
                        continue;
                    }
                    add(line);
                    if (!reader.ready() || batch.size() >= MAX_BATCH
                            || System.nanoTime() - batchStarted >= TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS)) {
                        flush();
                    }
                }
                if (skipped != null) {
                    resume(skipped);
                }
            } catch (IOException e) {
                if (!closed) {
                    throw e;
                }
            } finally {
                input = null;
            }
        }

        /** Delivers what follows the last lines shown in {@code tail}; all of it, after a marker, when not found. */
        private void resume(List<String> tail) {
            List<String> shown = List.copyOf(recent);
            int from = -1;
            // The last lines shown, as many as match (all of them first), at their latest place in the tail.
            for (int k = shown.size(); k >= 1 && from < 0; k--) {
                List<String> last = shown.subList(shown.size() - k, shown.size());
                for (int end = tail.size(); end >= k; end--) {
                    if (tail.subList(end - k, end).equals(last)) {
                        from = end;
                        break;
                    }
                }
            }
            if (from < 0) {
                // Not the same log after all? The pod's status may have lagged behind a restart or replacement.
                Pod pod = getPodOrNull();
                Instance now = pod == null || current == null ? null : Instance.of(pod, container);
                if (now != null && !Objects.equals(now.uid(), current.uid())) {
                    marker("— " + request.pod() + " was replaced (new pod); following the new one —");
                    current = now;
                } else if (now != null && now.restarts() > current.restarts()) {
                    marker(restarted(now));
                    current = now;
                } else {
                    marker("— the log stream of " + request.pod() + " dropped; some lines may be missing or "
                            + "repeated —");
                }
                from = 0;
            }
            for (String line : tail.subList(from, tail.size())) {
                add(line);
            }
        }

        private void add(String line) {
            recent.addLast(line);
            if (recent.size() > OVERLAP_MATCH) {
                recent.removeFirst();
            }
            String text = request.reveal() ? line : CredentialMask.mask(line);
            append(new LogLine(seq++, text, LogLevel.of(text), false));
        }

        private void marker(String text) {
            append(new LogLine(seq++, text, LogLevel.UNKNOWN, true));
            flush();
        }

        private void append(LogLine line) {
            if (batch.isEmpty()) {
                batchStarted = System.nanoTime();
            }
            batch.add(line);
        }

        private void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<LogLine> lines = List.copyOf(batch);
            batch.clear();
            synchronized (lock) {
                if (!closed) {
                    listener.lines(lines);
                }
            }
        }

        private void state(LogStreamState state, String message) {
            synchronized (lock) {
                if (!closed) {
                    listener.state(state, message);
                }
            }
        }

        private String restarted(Instance now) {
            return "— " + request.pod() + "'s container " + container + " restarted (restart " + now.restarts()
                    + "); following the new instance —";
        }

        private String notFound() {
            return "Pod " + request.pod() + " does not exist in namespace " + namespace + "; it may have been "
                    + "deleted or replaced under another name. Pick it again from the list of pods.";
        }

        private String neverRestarted() {
            return "Container " + container + " of " + request.pod() + " has never restarted, so there is no "
                    + "previous log; show its current log instead.";
        }

        private String describe(KubernetesClientException e) {
            return switch (e.getCode()) {
                case 403 -> "Access denied: you may not get pods/log in namespace " + namespace + " (HTTP 403). "
                        + "Ask for permission to get the pods/log subresource (verb get, resource pods/log) there.";
                case 401 -> "The cluster no longer accepts your credentials (HTTP 401); log in again and reopen the "
                        + "log of " + request.pod() + ".";
                case 404 -> notFound();
                case 400 -> request.previous() && String.valueOf(e.getMessage()).contains("previous terminated")
                        ? neverRestarted()
                        : "The API server refused to show " + request.pod() + "'s log: " + reason(e) + ".";
                default -> lost(e);
            };
        }

        private String lost(Throwable e) {
            return "Lost the connection to the API server while reading " + request.pod() + "'s log (" + reason(e)
                    + "). Check the cluster connection, then open the log again.";
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Why the log watch ended: the API server's refusal, a lost connection, or null when it simply ended. */
    private static Throwable closeReason(LogWatch watch) {
        try {
            return watch.onClose().toCompletableFuture().get(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing a log stream: {}", e.toString());
        }
    }
}
