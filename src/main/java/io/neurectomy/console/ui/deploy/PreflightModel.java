package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.health.Preflight;
import io.neurectomy.console.core.health.ProbeResult;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The deploy wizard's Preflight page: whether the cluster can take the stack the wizard's environment and values
 * render ({@link Preflight}, as {@code preflight ENV} checks it), computed off the FX thread.
 *
 * <p>Findings that make {@code preflight} exit 3 (CRITICAL or ERROR: replicas that would stay Pending, volumes that
 * cannot be provisioned, a Kubernetes too old) block the way to the deploy until the user ticks
 * {@linkplain #deployAnywayProperty() Deploy anyway}, as {@code kubeadm} stops on its preflight errors unless told to
 * ignore them: the admin may know better (a cluster autoscaler adds nodes for Pending pods, a StorageClass comes with
 * the next change), but never by accident. Warnings are shown and do not block. A preflight that could not run blocks
 * the same way: an unchecked cluster is never taken for a ready one.
 */
public final class PreflightModel {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final TaskRunner runner;
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<HealthReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done");
    private final ReadOnlyBooleanWrapper blocking = new ReadOnlyBooleanWrapper(this, "blocking");
    private final BooleanProperty deployAnyway = new SimpleBooleanProperty(this, "deployAnyway");
    private final BooleanBinding passed;
    private final StringBinding verdict;
    private final Map<String, String> headings = new HashMap<>();
    private ClusterSession session;
    private RenderedStack stack;
    private Cancellable task;

    PreflightModel(TaskRunner runner) {
        this.runner = runner;
        this.passed = Bindings.createBooleanBinding(() -> done.get() && !running.get()
                && (!blocking.get() || deployAnyway.get()), done, running, blocking, deployAnyway);
        this.verdict = Bindings.createStringBinding(this::verdictLine, report, blocking, deployAnyway);
    }

    /** Checks the cluster of {@code target} for {@code rendered}; the previous result and any "deploy anyway" go. */
    void run(ClusterSession target, RenderedStack rendered) {
        cancel();
        this.session = target;
        this.stack = rendered;
        findings.clear();
        report.set(null);
        done.set(false);
        blocking.set(false);
        deployAnyway.set(false);
        if (target == null || rendered == null) {
            summary.set("Not connected: preflight needs the cluster.");
            return;
        }
        summary.set("Checking whether the cluster can take the " + rendered.environment() + " stack…");
        running.set(true);
        String environment = rendered.environment();
        task = runner.run(() -> Preflight.check(target, rendered, REQUEST_TIMEOUT), this::show, e -> {
            running.set(false);
            done.set(true);
            blocking.set(true);
            summary.set("Preflight could not run: " + e.getMessage() + ". Run it again, or tick Deploy anyway to"
                    + " go on without it (" + environment + ").");
        });
    }

    /** Runs the same check again, e.g. after nodes were added or a StorageClass created. */
    public void rerun() {
        if (!running.get()) {
            run(session, stack);
        }
    }

    private void show(HealthReport result) {
        running.set(false);
        report.set(result);
        // One group per check, the most urgent check first; within a check, its most urgent finding first.
        List<ProbeResult> order = new ArrayList<>(result.results());
        order.sort(Comparator.comparing(ProbeResult::severity));
        headings.clear();
        order.forEach(r -> headings.put(r.probe().code(), r.probe().title() + " (" + r.probe().code() + ")"));
        findings.setAll(order.stream().flatMap(r -> r.findings().stream()).toList());
        boolean blocks = result.status() == HealthStatus.CRITICAL || result.status() == HealthStatus.NOT_CHECKED;
        blocking.set(blocks);
        done.set(true);
        String verdict = switch (result.status()) {
            case HEALTHY -> "The cluster can take the stack.";
            case WARNING -> "The cluster can take the stack; the warnings do not block the deploy.";
            case CRITICAL -> "The deploy is blocked: fix the critical and error findings and run preflight again, or"
                    + " tick Deploy anyway.";
            case NOT_CHECKED -> "The cluster could not be checked: run preflight again, or tick Deploy anyway.";
        };
        summary.set(result.summary() + ". " + verdict);
    }

    /** Stops a running check; its result will not show. */
    void cancel() {
        if (task != null) {
            task.cancel();
            task = null;
        }
        if (running.get()) {
            running.set(false);
            summary.set("Preflight cancelled.");
        }
    }

    /** Forgets the result and follows {@code newSession}: Run again checks the same stack on it. */
    void attach(ClusterSession newSession) {
        RenderedStack kept = stack;
        clear();
        session = newSession;
        stack = kept;
    }

    /** Forgets the result and the stack (a new deploy from the first page). */
    void clear() {
        cancel();
        session = null;
        stack = null;
        findings.clear();
        report.set(null);
        summary.set("");
        done.set(false);
        blocking.set(false);
        deployAnyway.set(false);
    }

    /** One line for the review page: the verdict, and whether the user overrode a block. */
    public StringBinding verdictProperty() {
        return verdict;
    }

    private String verdictLine() {
        HealthReport r = report.get();
        if (r == null) {
            return blocking.get() && deployAnyway.get() ? "Preflight: could not run; deploying anyway." : "";
        }
        String line = "Preflight: " + r.summary();
        return blocking.get() && deployAnyway.get() ? line + "; deploying anyway despite the blocking findings."
                : line + ".";
    }

    /** The heading of the check that gave {@code finding}: its title and code. */
    public String heading(Finding finding) {
        return headings.getOrDefault(finding.code(), finding.code());
    }

    /** The findings of the last check, grouped by check: the most urgent check first, each most urgent first. */
    public ObservableList<Finding> findings() {
        return findings;
    }

    /** The last check's report, null before one finished. */
    public ReadOnlyObjectProperty<HealthReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** The verdict and what it means for the deploy, or what runs now. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Whether the last check found something that makes the deploy fail (or could not check). */
    public ReadOnlyBooleanProperty blockingProperty() {
        return blocking.getReadOnlyProperty();
    }

    /** The user's explicit choice to go on despite blocking findings; reset by every new check. */
    public BooleanProperty deployAnywayProperty() {
        return deployAnyway;
    }

    /** True once a check finished and blocks nothing, or the user chose to deploy anyway. */
    public BooleanBinding passedProperty() {
        return passed;
    }
}
