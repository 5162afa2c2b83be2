package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.ops.deploy.ValidateOperation;
import io.neurectomy.console.core.ops.deploy.ValidationReport;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Validate tab: the consistency checks of the stack the deploy wizard's inputs render, and how the cluster
 * differs from it, run as a {@link ValidateOperation} and shown as one list of findings.
 */
public final class ValidateModel {
    private final TaskRunner runner;
    private final Executor fx;
    private final ActivityLog activity;
    private final Supplier<Function<Map<String, String>, RenderedStack>> render;
    private ClusterSession session;
    private OperationModel<ValidationReport> operation;

    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    /** @param render how the deploy wizard's inputs render the stack now */
    ValidateModel(TaskRunner runner, Executor fx, ActivityLog activity,
                  Supplier<Function<Map<String, String>, RenderedStack>> render) {
        this.runner = runner;
        this.fx = fx;
        this.activity = activity;
        this.render = render;
    }

    void attach(ClusterSession newSession) {
        if (operation != null) {
            operation.cancel();
        }
        session = newSession;
    }

    /** Runs the checks and the comparison with the cluster for the wizard's environment and values. */
    public void validate() {
        error.set("");
        if (session == null) {
            error.set("Connect to a cluster first (Connect, Ctrl+1).");
            return;
        }
        OperationModel<ValidationReport> op = new OperationModel<>(new ValidateOperation(session, render.get()),
                runner, fx, activity);
        operation = op;
        busy.bind(op.busyProperty());
        findings.clear();
        summary.set("Validating…");
        op.plan(p -> op.run(this::show), e -> {
            summary.set("");
            error.set(e.getMessage() == null ? e.toString() : e.getMessage());
        });
    }

    private void show(OperationResult<ValidationReport> result) {
        ValidationReport report = result.value();
        if (report == null) {
            summary.set(result.summary());
            error.set(result.error());
            return;
        }
        List<Finding> all = new ArrayList<>(report.findings());
        all.addAll(report.clusterFindings());
        all.sort(Finding.URGENCY);
        findings.setAll(all);
        summary.set(report.summary() + ".");
    }

    /** The checks' findings and the cluster's differences, most urgent first. */
    public ObservableList<Finding> findings() {
        return findings;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why validate could not run (no connection, a stack that does not render), or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
