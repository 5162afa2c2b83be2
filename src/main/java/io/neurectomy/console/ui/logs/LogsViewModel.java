package io.neurectomy.console.ui.logs;

import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.ClusterState;
import io.neurectomy.console.core.logs.LogLevel;
import io.neurectomy.console.core.logs.LogLine;
import io.neurectomy.console.core.logs.LogListener;
import io.neurectomy.console.core.logs.LogRequest;
import io.neurectomy.console.core.logs.LogSource.LogSubscription;
import io.neurectomy.console.core.logs.LogSource;
import io.neurectomy.console.core.logs.LogStreamState;
import io.neurectomy.console.core.util.AtomicFiles;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.fx.ListPatch;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Logs section: one pod's log, read or followed, filtered by level and text, credentials masked unless the
 * user reveals them. Any change of pod, container or option closes the stream and opens a new one. Lines arrive on
 * a stream thread; they are queued and applied on the FX thread at most ten times a second, and at most
 * {@value #MAX_LINES} are kept.
 */
public final class LogsViewModel {
    /** Lines kept; older ones are dropped. */
    public static final int MAX_LINES = 50_000;
    /** The tail lengths offered. */
    public static final List<Integer> TAIL_CHOICES = List.of(100, 500, 1000, 5000);
    /** The empty state's hint. */
    public static final String NO_POD = "Choose a pod, or use Logs in the topology's pod panel";

    private static final Logger LOG = LoggerFactory.getLogger(LogsViewModel.class);

    /** Which levels are shown. */
    public enum LevelFilter {
        ALL("All", LogLevel.UNKNOWN),
        WARNINGS("Warnings and errors", LogLevel.WARN),
        ERRORS("Errors only", LogLevel.ERROR);

        private final String title;
        private final LogLevel least;

        LevelFilter(String title, LogLevel least) {
            this.title = title;
            this.least = least;
        }

        public LogLevel least() {
            return least;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private record Batch(long generation, List<LogLine> lines) {
    }

    private record StateChange(long generation, LogStreamState state, String message) {
    }

    private final TaskRunner runner;
    private final FxCoalescer lineApplier;
    private final FxCoalescer podRefresher;
    private final Queue<Object> incoming = new ConcurrentLinkedQueue<>();

    private final ObservableList<String> pods = FXCollections.observableArrayList();
    private final ObjectProperty<String> pod = new SimpleObjectProperty<>(this, "pod");
    private final ObservableList<String> containers = FXCollections.observableArrayList();
    private final ObjectProperty<String> container = new SimpleObjectProperty<>(this, "container");
    private final ObjectProperty<Integer> tailLines = new SimpleObjectProperty<>(this, "tailLines", 500);
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final BooleanProperty previous = new SimpleBooleanProperty(this, "previous");
    private final BooleanProperty wrap = new SimpleBooleanProperty(this, "wrap");
    private final BooleanProperty reveal = new SimpleBooleanProperty(this, "reveal");
    private final LogBuffer buffer = new LogBuffer(MAX_LINES);
    private final ReadOnlyObjectWrapper<LogStreamState> streamState = new ReadOnlyObjectWrapper<>(this,
            "streamState");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", NO_POD);
    private final ReadOnlyObjectWrapper<LogRequest> request = new ReadOnlyObjectWrapper<>(this, "request");

    private LogSource source;
    private ClusterState state;
    private String namespace = "";
    private final Runnable stateListener;
    private LogSubscription subscription;
    private long generation;
    private String streamMessage = "";
    private String note = "";
    private boolean adjusting;

    /** On the FX thread: lines are applied at most ten times a second. */
    public LogsViewModel(TaskRunner runner) {
        this(runner, FxCoalescer::onFxThread);
    }

    /** With another way to apply queued lines ({@link FxCoalescer#immediate} in tests without a toolkit). */
    public LogsViewModel(TaskRunner runner, Function<Runnable, FxCoalescer> coalescers) {
        this.runner = runner;
        this.lineApplier = coalescers.apply(this::applyIncoming);
        this.podRefresher = coalescers.apply(this::refreshPods);
        this.stateListener = podRefresher::request;
        pod.addListener((obs, old, now) -> podChanged());
        container.addListener((obs, old, now) -> optionChanged());
        tailLines.addListener((obs, old, now) -> optionChanged());
        follow.addListener((obs, old, now) -> optionChanged());
        previous.addListener((obs, old, now) -> optionChanged());
        reveal.addListener((obs, old, now) -> optionChanged());
    }

    /** Follows a session's pods and reads their logs from {@code logs}; pods of {@code namespace} only. */
    public void attach(LogSource logs, ClusterState stackState, String sessionNamespace) {
        detach();
        this.source = logs;
        this.state = stackState;
        this.namespace = sessionNamespace == null ? "" : sessionNamespace;
        stackState.addListener(stateListener);
        refreshPods();
    }

    /** Closes the stream and forgets the session (disconnect, context switch, window close). */
    public void detach() {
        if (state != null) {
            state.removeListener(stateListener);
        }
        state = null;
        source = null;
        closeStream();
        adjusting = true;
        try {
            pod.set(null);
            container.set(null);
            reveal.set(false);
        } finally {
            adjusting = false;
        }
        pods.clear();
        containers.clear();
        buffer.clear();
        note = "";
        streamState.set(null);
        request.set(null);
        streamMessage = "";
        updateStatus();
    }

    /** Shows the log of {@code podName} (the topology's pod panel). */
    public void openPod(String podName) {
        if (podName != null && !pods.contains(podName)) {
            pods.add(podName);
        }
        if (podName != null && podName.equals(pod.get())) {
            reopen();
        } else {
            pod.set(podName);
        }
    }

    /** Empties the view; the stream goes on. */
    public void clear() {
        buffer.clear();
        note = "";
        updateStatus();
    }

    /** The text of {@code selected} lines, one a line, for the clipboard. */
    public static String text(List<LogLine> selected) {
        StringBuilder out = new StringBuilder();
        for (LogLine line : selected) {
            out.append(line.text()).append('\n');
        }
        return out.toString();
    }

    /**
     * Writes the lines shown now (masked unless revealed) to {@code file}, in the background, through a temporary
     * file that is renamed when complete, so that no partial file is left.
     */
    public void save(Path file) {
        String content = text(List.copyOf(buffer.shown()));
        int count = buffer.shown().size();
        runner.run(() -> {
            writeAtomically(file, content);
            return null;
        }, ignored -> {
            note = "Saved " + count + (count == 1 ? " line to " : " lines to ") + file;
            updateStatus();
        }, error -> {
            note = "Could not save " + file + ": " + error.getMessage();
            updateStatus();
        });
    }

    static void writeAtomically(Path file, String content) throws IOException {
        AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    private void refreshPods() {
        ClusterState s = state;
        if (s == null) {
            return;
        }
        List<String> stack = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (PodInfo p : s.snapshot().pods()) {
            if (!p.namespace().isEmpty() && !namespace.isEmpty() && !p.namespace().equals(namespace)) {
                continue;
            }
            (ClusterState.STACK_WORKLOADS.contains(p.workload()) ? stack : others).add(p.name());
        }
        stack.addAll(others);
        String chosen = pod.get();
        if (chosen != null && !stack.contains(chosen)) {
            // The followed pod may be replaced under the same name: keep it offered.
            stack.add(0, chosen);
        }
        if (!stack.equals(pods)) {
            // Patched, not replaced: a combo box loses its value when its items are replaced.
            ListPatch.apply(pods, stack, Function.identity());
        }
    }

    private void podChanged() {
        if (adjusting) {
            return;
        }
        adjusting = true;
        try {
            // Revealing is a decision about one pod's log, never carried over to another.
            reveal.set(false);
            container.set(null);
            containers.clear();
        } finally {
            adjusting = false;
        }
        String chosen = pod.get();
        LogSource logs = source;
        if (chosen != null && logs != null) {
            runner.run(() -> logs.containers(chosen), found -> {
                if (chosen.equals(pod.get()) && logs == source) {
                    adjusting = true;
                    try {
                        containers.setAll(found);
                        if (container.get() == null && !found.isEmpty()) {
                            // The stream was opened on the first container: say so without re-opening it.
                            container.set(found.get(0));
                        }
                    } finally {
                        adjusting = false;
                    }
                }
            }, error -> LOG.debug("Containers of {} not known: {}", chosen, error.getMessage()));
        }
        reopen();
    }

    private void optionChanged() {
        if (!adjusting) {
            reopen();
        }
    }

    private void closeStream() {
        generation++;
        incoming.clear();
        LogSubscription old = subscription;
        subscription = null;
        if (old != null) {
            try {
                old.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a log stream failed", e);
            }
        }
    }

    private void reopen() {
        closeStream();
        buffer.clear();
        note = "";
        streamMessage = "";
        String chosen = pod.get();
        LogSource logs = source;
        if (chosen == null || logs == null) {
            streamState.set(null);
            request.set(null);
            updateStatus();
            return;
        }
        LogRequest req = new LogRequest(chosen, container.get(), tailLines.get() == null ? 500 : tailLines.get(),
                follow.get(), previous.get(), reveal.get());
        request.set(req);
        streamState.set(LogStreamState.CONNECTING);
        updateStatus();
        long mine = generation;
        try {
            subscription = logs.open(req, new LogListener() {
                @Override
                public void lines(List<LogLine> batch) {
                    incoming.add(new Batch(mine, List.copyOf(batch)));
                    lineApplier.request();
                }

                @Override
                public void state(LogStreamState now, String message) {
                    incoming.add(new StateChange(mine, now, message));
                    lineApplier.request();
                }
            });
        } catch (RuntimeException e) {
            streamState.set(LogStreamState.FAILED);
            streamMessage = e.getMessage() == null ? e.toString() : e.getMessage();
            updateStatus();
        }
    }

    private void applyIncoming() {
        List<LogLine> added = new ArrayList<>();
        boolean stateChanged = false;
        Object item;
        while ((item = incoming.poll()) != null) {
            if (item instanceof Batch b && b.generation() == generation) {
                added.addAll(b.lines());
            } else if (item instanceof StateChange c && c.generation() == generation) {
                streamState.set(c.state());
                streamMessage = c.message() == null ? "" : c.message();
                stateChanged = true;
            }
        }
        buffer.append(added);
        if (stateChanged || !added.isEmpty()) {
            updateStatus();
        }
    }

    /** Whether a level filter or a search narrows the lines. */
    public boolean filtered() {
        return buffer.filtered();
    }

    private void updateStatus() {
        String chosen = pod.get();
        LogStreamState s = streamState.get();
        String text;
        if (chosen == null) {
            text = NO_POD;
        } else if (s == null) {
            text = "";
        } else {
            String what = chosen + (container.get() == null ? "" : " (" + container.get() + ")");
            String why = streamMessage.isEmpty() ? "" : ": " + streamMessage;
            text = switch (s) {
                case CONNECTING -> "Connecting to " + what + "…";
                case STREAMING -> (request.get() != null && request.get().follow() ? "Following " : "Reading ")
                        + what + why;
                case RECONNECTING -> "Reconnecting to " + what + why;
                case ENDED -> "Ended" + (why.isEmpty() ? ": " + what : why);
                case FAILED -> "Failed" + (why.isEmpty() ? ": " + what : why);
            };
        }
        if (buffer.dropped() > 0) {
            text += " · the oldest " + buffer.dropped() + " lines were dropped (at most " + MAX_LINES + " are kept)";
        }
        if (!note.isEmpty()) {
            text += " · " + note;
        }
        status.set(text);
    }

    /** Pods of the session, stack pods first. */
    public ObservableList<String> pods() {
        return pods;
    }

    public ObjectProperty<String> podProperty() {
        return pod;
    }

    /** Containers of the chosen pod, main container first. */
    public ObservableList<String> containers() {
        return containers;
    }

    public ObjectProperty<String> containerProperty() {
        return container;
    }

    public ObjectProperty<Integer> tailLinesProperty() {
        return tailLines;
    }

    public BooleanProperty followProperty() {
        return follow;
    }

    /** The log of the previous, terminated instance (what crashed). */
    public BooleanProperty previousProperty() {
        return previous;
    }

    public BooleanProperty wrapProperty() {
        return wrap;
    }

    /** Show credential-shaped values; off by default and again whenever the pod changes. */
    public BooleanProperty revealProperty() {
        return reveal;
    }

    /** The lines kept of the stream, and the level filter and search that choose those shown. */
    public LogBuffer buffer() {
        return buffer;
    }

    /** The stream's state; null without a stream. */
    public ReadOnlyObjectProperty<LogStreamState> streamStateProperty() {
        return streamState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What the current stream was opened with; null without one. */
    public ReadOnlyObjectProperty<LogRequest> requestProperty() {
        return request.getReadOnlyProperty();
    }
}
